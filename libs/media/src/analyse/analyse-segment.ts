import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BOUNDARY_FRAMES,
  DEFAULT_ANALYSIS_MAX_WIDTH,
  DEFAULT_ANALYSE_TIMEOUT_MS,
  DEFAULT_CUT_THRESHOLD,
  DEFAULT_DUPLICATE_THRESHOLD,
  DEFAULT_SAMPLE_INTERVAL_SECONDS,
  DEFAULT_SAMPLE_JPEG_QUALITY,
} from '../constants';
import { InvalidSegmentError, MediaError } from '../errors';
import { runFfmpeg, type FfmpegResult } from '../ffmpeg/run';
import { normaliseSegmentInput, startsWithIsoBox, type NormalisedSegment } from '../fmp4/normalise';
import { siblingTempPath } from '../temp';
import { scanTs, type TsScan } from '../ts/scan-ts';
import { AnalysisLogParser } from './ffmpeg-log';
import { ALL_TAG, analysisGraph, CAND_TAG, NO_CANDIDATE_YET_SECONDS } from './graph';
import { StreamingSampler } from './sample-writer';
import type { AnalyseSegmentOptions, AnalysedFrame, BoundaryArtefact, SegmentAnalysis, SegmentSample } from './types';

/**
 * Analyse one segment in ONE ffmpeg decode: every frame's scene score (ffmpeg's own `select`
 * `scene`, so values equal a continuous ffmpeg run), the cuts, and JPEGs of the samples only.
 *
 * Frame 0 is scored across the boundary by prepending, in the same filter graph, the previous
 * segment's last two raw frames (`carry.boundary`, written by the previous call) — two frames
 * because ffmpeg's score depends on the previous frame and the previous frame's MAFD. Without
 * the artefact, `previousSegmentPath` is decoded in the same run instead (slower, same result).
 */
export async function analyseSegment(options: AnalyseSegmentOptions): Promise<SegmentAnalysis> {
  // fMP4 (CMAF) is stream-copied to TS with the same timestamps, then analysed like any TS segment.
  const segment = await normaliseIfFmp4(options.segmentPath, options);
  if (!segment) return analyseTsSegment(options);
  try {
    const analysis = await analyseTsSegment({ ...options, segmentPath: segment.tsPath });
    return { ...analysis, segmentPath: options.segmentPath };
  } finally {
    await segment.cleanup();
  }
}

/** The TS for an fMP4 file (remuxed into a temp dir), or undefined when the file is not fMP4. */
async function normaliseIfFmp4(path: string, options: AnalyseSegmentOptions): Promise<NormalisedSegment | undefined> {
  if (!(await startsWithIsoBox(path))) return undefined;
  return normaliseSegmentInput({
    segmentPath: path,
    ...(options.initPath === undefined ? {} : { initPath: options.initPath }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.ffmpegPath === undefined ? {} : { ffmpegPath: options.ffmpegPath }),
  });
}

async function analyseTsSegment(options: AnalyseSegmentOptions): Promise<SegmentAnalysis> {
  const started = Date.now();
  const file = options.segmentPath;
  const scan = scanTs(await readSegment(file), file);
  const job: AnalysisJob = { options, file, scan, started, ...analysisSettings(options, scan) };
  const prefixes = await prefixOptions(options);
  await mkdir(options.outputDir, { recursive: true });
  try {
    for (const [i, prefix] of prefixes.attempts.entries()) {
      try {
        return await analyseWith(job, await prefix());
      } catch (error) {
        if (!(error instanceof PrefixRejected)) throw error;
        const cause = error.cause;
        const aborted = cause instanceof MediaError && cause.retryable;
        if (aborted || i === prefixes.attempts.length - 1) throw cause;
      }
    }
    throw new MediaError(`analysis of ${file}: no attempt made`, { file });
  } finally {
    await prefixes.cleanup();
  }
}

/** The options of one analysis, resolved against their defaults and checked. */
interface AnalysisSettings {
  fps: number;
  /** Each frame's offset from the first, seconds, in presentation order. */
  offsets: number[];
  threshold: number;
  interval: number;
  dupThreshold: number;
  keepBoundary: boolean;
  analysisMaxWidth: number;
}

/** One segment's analysis: what every attempt (with or without a prefix) shares. */
interface AnalysisJob extends AnalysisSettings {
  options: AnalyseSegmentOptions;
  file: string;
  scan: TsScan;
  started: number;
}

function analysisSettings(options: AnalyseSegmentOptions, scan: TsScan): AnalysisSettings {
  const file = options.segmentPath;
  if (scan.frameRate <= 0)
    throw new InvalidSegmentError(file, 'cannot determine the frame rate (fewer than two frames?)');
  const fps = scan.frameRate;
  const scannedDuration = scan.frames.length / fps;
  if (options.expectedDuration !== undefined && scannedDuration < options.expectedDuration - 1.5 / fps) {
    throw new InvalidSegmentError(
      file,
      `truncated: holds ${scan.frames.length} frames (${scannedDuration.toFixed(3)} s) but the playlist says ${options.expectedDuration} s`,
    );
  }
  const threshold = options.cutThreshold ?? DEFAULT_CUT_THRESHOLD;
  const interval = options.sampleInterval ?? DEFAULT_SAMPLE_INTERVAL_SECONDS;
  const dupThreshold = options.duplicateThreshold ?? DEFAULT_DUPLICATE_THRESHOLD;
  const keepBoundary = options.keepBoundary ?? true;
  validateNumber('cutThreshold', threshold, 0, 1);
  validateNumber('sampleInterval', interval, 0.01, 3600);
  const analysisMaxWidth = options.analysisMaxWidth ?? DEFAULT_ANALYSIS_MAX_WIDTH;
  validateNumber('analysisMaxWidth', analysisMaxWidth, 16, 8192);
  if (analysisMaxWidth % 2 !== 0)
    throw new MediaError(`analyseSegment: analysisMaxWidth must be an even whole number, got ${analysisMaxWidth}`);
  return { fps, offsets: frameOffsets(scan), threshold, interval, dupThreshold, keepBoundary, analysisMaxWidth };
}

/**
 * Which frames come before this segment in the graph (to score frame 0 across the boundary):
 * the boundary artefact, else the previous segment file, else nothing. If ffmpeg rejects a
 * prefix (e.g. the resolution changed), the next option is tried. Each option is built only
 * when it is tried: the previous segment is read and scanned only if the artefact is missing
 * or rejected, not on every segment.
 */
async function prefixOptions(
  options: AnalyseSegmentOptions,
): Promise<{ attempts: Array<() => Promise<Prefix | undefined>>; cleanup: () => Promise<void> }> {
  const attempts: Array<() => Promise<Prefix | undefined>> = [];
  const boundary = options.carry?.boundary;
  if (boundary && (await exists(boundary.path))) attempts.push(async () => boundaryPrefix(boundary));
  const previous = options.previousSegmentPath;
  // An fMP4 previous segment is remuxed only when this fallback is tried; removed at the end.
  let previousTs: NormalisedSegment | undefined;
  if (previous) {
    attempts.push(async () => {
      previousTs = await normaliseIfFmp4(previous, options);
      const path = previousTs?.tsPath ?? previous;
      return { args: ['-f', 'mpegts', '-i', path], frames: scanTs(await readSegment(path), path).frames.length };
    });
  }
  attempts.push(async () => undefined);
  return { attempts, cleanup: async () => previousTs?.cleanup() };
}
/** Raw frames of the previous segment's end, written by its analysis. */
function boundaryPrefix(boundary: BoundaryArtefact): Prefix {
  return {
    args: [
      '-f',
      'rawvideo',
      '-pix_fmt',
      boundary.pixFmt,
      '-s',
      `${boundary.width}x${boundary.height}`,
      '-framerate',
      String(boundary.frameRate),
      '-i',
      boundary.path,
    ],
    frames: boundary.frames,
  };
}

/** One attempt: one ffmpeg decode with `prefix` (or none) before the segment in the graph. */
async function analyseWith(job: AnalysisJob, prefix: Prefix | undefined): Promise<SegmentAnalysis> {
  const { options, fps } = job;
  const boundaryPath = options.boundaryPath ?? join(options.outputDir, 'boundary.raw');
  // ffmpeg writes the artefact beside its final name; renamed only once the analysis succeeded.
  const boundaryTmp = job.keepBoundary ? siblingTempPath(boundaryPath) : undefined;
  // Samples are decided and their JPEGs written while ffmpeg runs (see StreamingSampler).
  const previousThumb = options.carry?.lastSampleThumb
    ? new Uint8Array(Buffer.from(options.carry.lastSampleThumb, 'base64'))
    : undefined;
  const sampler = new StreamingSampler(options.outputDir, previousThumb, job.dupThreshold);
  const graphOffset = (prefix?.frames ?? 0) / fps; // where the segment's frame 0 sits in the graph (after the prefix)
  const log = new AnalysisLogParser(ALL_TAG, CAND_TAG, (p) =>
    sampler.onCandidate({
      index: nearestFrame(job.offsets, p.ptsTime - graphOffset, 0.5 / fps),
      isCut: p.sceneScore >= job.threshold,
    }),
  );
  let succeeded = false;
  try {
    const run = await runAnalysis(job, prefix, boundaryTmp, sampler, log);
    const result = await collectAnalysis(
      job,
      prefix,
      log,
      sampler,
      run,
      boundaryTmp ? { tmp: boundaryTmp, path: boundaryPath } : undefined,
    );
    succeeded = true;
    return result;
  } finally {
    if (!succeeded) {
      await sampler.discard();
      if (boundaryTmp) await rm(boundaryTmp, { force: true });
    }
  }
}

/** The decode itself; a failure with a prefix is PrefixRejected (try the next), without one the segment's fault. */
async function runAnalysis(
  job: AnalysisJob,
  prefix: Prefix | undefined,
  boundaryTmp: string | undefined,
  sampler: StreamingSampler,
  log: AnalysisLogParser,
): Promise<FfmpegResult> {
  const { options, file } = job;
  try {
    // No stream probing: it decodes the first frames once more on one thread before the real
    // decode starts (~20 ms of a 2 s 720p segment). The source's size comes from `[bnd]`.
    return await runFfmpeg(['-nostats', '-nofind_stream_info', ...analysisArgs(job, prefix, boundaryTmp)], {
      timeoutMs: options.timeoutMs ?? DEFAULT_ANALYSE_TIMEOUT_MS,
      signal: options.signal,
      ffmpegPath: options.ffmpegPath,
      extraPipes: 1,
      onStdout: (chunk) => sampler.onJpegBytes(chunk),
      onPipeData: (_fd, chunk) => sampler.onThumbBytes(chunk),
      onStderrLine: (line) => log.line(line),
      cleanupOnFailure: boundaryTmp ? [boundaryTmp] : [],
    });
  } catch (error) {
    if (prefix) throw new PrefixRejected(error);
    if (error instanceof MediaError && !error.retryable) {
      throw new InvalidSegmentError(file, `ffmpeg could not decode it: ${lastLine(error.stderrTail)}`, error, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Inputs, the analysis graph and its three outputs: JPEGs on stdout, thumbnails on fd 3, the boundary frames to a file. */
function analysisArgs(job: AnalysisJob, prefix: Prefix | undefined, boundaryTmp: string | undefined): string[] {
  const { options } = job;
  const graph = analysisGraph({
    segmentInput: prefix ? 1 : 0,
    prefixFrames: prefix?.frames ?? 0,
    segmentFrames: job.scan.frames.length,
    frameRate: job.fps,
    cutThreshold: job.threshold,
    sampleInterval: job.interval,
    secondsSinceCandidate: options.carry ? options.carry.secondsSinceCandidate : NO_CANDIDATE_YET_SECONDS,
    analysisMaxWidth: job.analysisMaxWidth,
  });
  const jpegQuality = String(options.jpegQuality ?? DEFAULT_SAMPLE_JPEG_QUALITY);
  return [
    ...(prefix?.args ?? []),
    ...['-f', 'mpegts', '-i', job.file, '-filter_complex', graph],
    ...['-map', '[jpg]', '-vsync', '0', '-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', jpegQuality, 'pipe:1'],
    ...['-map', '[th]', '-vsync', '0', '-f', 'rawvideo', 'pipe:3'],
    ...['-map', '[bnd]', '-vsync', '0'],
    ...(boundaryTmp ? ['-f', 'rawvideo', '-y', boundaryTmp] : ['-f', 'null', '-']),
  ];
}

/** After a clean exit: frames and cuts from the log, the samples checked against it, the next carry. */
async function collectAnalysis(
  job: AnalysisJob,
  prefix: Prefix | undefined,
  log: AnalysisLogParser,
  sampler: StreamingSampler,
  run: FfmpegResult,
  boundary: { tmp: string; path: string } | undefined,
): Promise<SegmentAnalysis> {
  const { file, scan, fps, threshold } = job;
  const n = scan.frames.length;
  const info = log.outputs.get(BOUNDARY_OUTPUT);
  if (!info) throw new InvalidSegmentError(file, 'no video stream reported by ffmpeg');
  const printed = log.framesInOrder().slice(prefix?.frames ?? 0);
  if (printed.length !== n) {
    throw new InvalidSegmentError(
      file,
      `decoded ${printed.length} frames but the TS holds ${n} video access units (truncated or corrupt)`,
    );
  }
  const frames = buildFrames(
    scan,
    printed.map((p) => p.sceneScore),
    prefix !== undefined,
  );
  const cuts = frames.filter((f) => f.sceneScore >= threshold).map((f) => f.index);
  // The candidates as the complete, pts-ordered log says (the streamed ones were located by time).
  const candidates = printed.flatMap((p, index) =>
    p.candidate ? [{ index, isCut: (frames[index]?.sceneScore ?? 0) >= threshold }] : [],
  );
  const samples = await settleSamples(file, sampler, frames, candidates);

  let nextBoundary: BoundaryArtefact | undefined;
  if (boundary) {
    // Complete (ffmpeg exited) before it is renamed into place and referenced by the carry.
    await rename(boundary.tmp, boundary.path);
    nextBoundary = {
      path: boundary.path,
      width: info.width,
      height: info.height,
      pixFmt: info.pixFmt,
      frames: Math.min(BOUNDARY_FRAMES, n),
      frameRate: fps,
    };
  }
  const lastThumb = sampler.lastThumb;
  return {
    segmentPath: file,
    frames,
    cuts,
    samples,
    skippedDuplicates: sampler.skipped,
    frameRate: fps,
    width: info.width,
    height: info.height,
    duration: n / fps,
    hasAudio: scan.hasAudio,
    boundaryScored: prefix !== undefined,
    carry: {
      version: 1,
      secondsSinceCandidate: secondsSinceLastCandidate(job, frames, candidates),
      ...(lastThumb ? { lastSampleThumb: Buffer.from(lastThumb).toString('base64') } : {}),
      ...(nextBoundary ? { boundary: nextBoundary } : {}),
    },
    elapsedMs: Date.now() - job.started,
    timings: { ffmpegMs: run.durationMs, spawnMs: Math.round(run.spawnMs * 10) / 10 },
  };
}

/** The streamed candidates must match the log's; then the JPEGs are complete and renamed to frame indices. */
async function settleSamples(
  file: string,
  sampler: StreamingSampler,
  frames: readonly AnalysedFrame[],
  candidates: ReadonlyArray<{ index: number; isCut: boolean }>,
): Promise<SegmentSample[]> {
  const streamed = sampler.candidates;
  if (streamed.length !== candidates.length || candidates.some((c, i) => streamed[i]?.isCut !== c.isCut)) {
    throw new MediaError(
      `analysis of ${file}: ${streamed.length} candidates streamed but ${candidates.length} in the frame log`,
      { file },
    );
  }
  const complete = await sampler.finish();
  if (!complete.ok) throw new MediaError(`analysis of ${file}: ${complete.problem}`, { file });
  await sampler.reindex(candidates.map((c) => c.index));
  return sampler.accepted.map((a) => {
    const frame = frames[a.index];
    return {
      index: a.index,
      offsetSeconds: frame?.offsetSeconds ?? 0,
      isCut: a.isCut,
      sceneScore: frame?.sceneScore ?? 0,
      jpegPath: a.jpegPath,
    };
  });
}

/** Seconds from the last candidate (this segment's, else the carried count) to the end of this segment. */
function secondsSinceLastCandidate(
  job: AnalysisJob,
  frames: readonly AnalysedFrame[],
  candidates: ReadonlyArray<{ index: number }>,
): number {
  const lastFrame = frames[frames.length - 1];
  const end = (lastFrame?.offsetSeconds ?? 0) + 1 / job.fps;
  const lastCand = candidates[candidates.length - 1];
  return lastCand
    ? end - (frames[lastCand.index]?.offsetSeconds ?? 0)
    : (job.options.carry?.secondsSinceCandidate ?? 0) + end;
}

/** ffmpeg output index of `[bnd]` (after the JPEGs and the thumbnails). */
const BOUNDARY_OUTPUT = 2;

interface Prefix {
  args: string[];
  frames: number;
}

/** ffmpeg failed with a boundary prefix in the graph: retry with the next option. */
class PrefixRejected extends Error {
  constructor(override readonly cause: unknown) {
    super('analysis with boundary prefix failed');
  }
}

/** Each frame's pts − first pts, seconds, in presentation order. */
function frameOffsets(scan: TsScan): number[] {
  const first = scan.presentation[0]?.pts ?? 0;
  return scan.presentation.map((f) => (f.pts - first) / 90_000);
}

/** Index of the frame whose offset is nearest to `seconds` (−1 if none within `tolerance`). */
function nearestFrame(offsets: readonly number[], seconds: number, tolerance: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((offsets[mid] ?? 0) < seconds) lo = mid + 1;
    else hi = mid;
  }
  const best = [lo - 1, lo]
    .filter((i) => i >= 0 && i < offsets.length)
    .sort((a, b) => Math.abs((offsets[a] ?? 0) - seconds) - Math.abs((offsets[b] ?? 0) - seconds))[0];
  return best !== undefined && Math.abs((offsets[best] ?? 0) - seconds) <= tolerance ? best : -1;
}

function buildFrames(scan: TsScan, scores: number[], boundaryScored: boolean): AnalysedFrame[] {
  const first = scan.presentation[0]?.pts ?? 0;
  return scan.presentation.map((f, index) => ({
    index,
    offsetSeconds: (f.pts - first) / 90_000,
    pts: f.pts,
    keyframe: f.keyframe,
    sceneScore: index === 0 && !boundaryScored ? 0 : (scores[index] ?? 0),
  }));
}

async function readSegment(file: string): Promise<Uint8Array> {
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new InvalidSegmentError(file, 'not a regular file');
    if (s.size === 0) throw new InvalidSegmentError(file, 'zero-byte file');
    return await readFile(file);
  } catch (error) {
    if (error instanceof InvalidSegmentError) throw error;
    throw new InvalidSegmentError(file, `cannot read: ${(error as Error).message}`, {}, { cause: error });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function validateNumber(name: string, value: number, min: number, max: number): void {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new MediaError(`analyseSegment: ${name} must be between ${min} and ${max}, got ${value}`);
  }
}

function lastLine(text: string | undefined): string {
  return (text ?? '').trim().split(/\r?\n/).slice(-1)[0] ?? '';
}
