/** Public entry point of @catfinder/media. */
export { resolveFfmpeg } from './ffmpeg/resolve';
export { runFfmpeg, startFfmpeg } from './ffmpeg/run';
export type { FfmpegProcess, FfmpegResult, FfmpegRunOptions } from './ffmpeg/run';
export { makeTempDir, removePaths, siblingTempPath, withTempDir, writeAtomically } from './temp';
export * from './errors';
export {
  DEFAULT_ANALYSIS_MAX_WIDTH,
  DEFAULT_CUT_THRESHOLD,
  DEFAULT_FFMPEG_TIMEOUT_MS,
  DEFAULT_SAMPLE_INTERVAL_SECONDS,
  FFMPEG_PATH_ENV,
} from './constants';
export { analyseSegment } from './analyse/analyse-segment';
export type {
  AnalyseSegmentOptions,
  AnalysedFrame,
  BoundaryArtefact,
  SamplingCarry,
  SegmentAnalysis,
  SegmentSample,
} from './analyse/types';
export { scanTs } from './ts/scan-ts';
export type { TsScan, TsVideoFrame } from './ts/scan-ts';
export { cutClip } from './clip/cut-clip';
export type { ClipResult, ClipSegment, ClipTimings, ClipVerification, CutClipOptions, FrameRef } from './clip/types';
export { planSmartCut } from './clip/plan';
export { normaliseSegmentInput } from './fmp4/normalise';
export type { NormaliseSegmentOptions, NormalisedSegment } from './fmp4/normalise';
export { inspectFmp4, looksLikeIsoBmff } from './fmp4/boxes';
export type { Fmp4Layout } from './fmp4/boxes';
export type { CutPlan, FrameSpan } from './clip/plan';
