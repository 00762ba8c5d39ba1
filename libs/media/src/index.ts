/** Public entry point of @catfinder/media. */
export { resolveFfmpeg } from './ffmpeg/resolve';
export { runFfmpeg, startFfmpeg } from './ffmpeg/run';
export type { FfmpegProcess, FfmpegResult, FfmpegRunOptions } from './ffmpeg/run';
export { makeTempDir, removePaths, siblingTempPath, withTempDir, writeAtomically } from './temp';
export * from './errors';
export { DEFAULT_FFMPEG_TIMEOUT_MS, FFMPEG_PATH_ENV } from './constants';
