import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DEFAULT_CLIP_AUDIO_BITRATE,
  DEFAULT_CLIP_CRF,
  DEFAULT_CLIP_PRESET,
  DEFAULT_CLIP_STEP_TIMEOUT_MS,
  DEFAULT_MIN_PSNR,
} from '../constants';
import { ClipVerificationError, InvalidClipRequestError } from '../errors';
import { runFfmpeg, type FfmpegRunOptions } from '../ffmpeg/run';
import { siblingTempPath, withTempDir } from '../temp';
import { cutFaultOf } from './faults';
import { gopEnd, keyAtOrBefore, planSmartCut, type CutPlan } from './plan';
import { loadClipSource, locateFrame, type ClipSource } from './source';
import type { ClipResult, ClipTimings, ClipVerification, CutClipOptions } from './types';
import { formatDb, frameMd5s, judgeNeighbours } from './verify';

type Run = Omit<FfmpegRunOptions, 'onStdout'>;

/**
 * Cut a frame-accurate MP4 (first and last frame included) from contiguous local segments (MPEG-TS,
 * or fMP4 remuxed to TS in the clip's temp dir first).
 * Smart cut by default — whole GOPs stream-copied, partial head/tail GOPs re-encoded with the
 * source's B-frame delay and a separate SPS/PPS id, joined with the concat demuxer — verified,
 * with a full re-encode fallback. Nothing appears at `outputPath`/`posterPath` unless verified.
 */
export async function cutClip(options: CutClipOptions): Promise<ClipResult> {
  const started = Date.now();
  const run: Run = {
    timeoutMs: options.stepTimeoutMs ?? DEFAULT_CLIP_STEP_TIMEOUT_MS,
    signal: options.signal,
    ffmpegPath: options.ffmpegPath,
  };
  const posterPath = options.posterPath ?? options.outputPath.replace(/\.[^./]+$/, '') + '.jpg';
  const timings: ClipTimings = {
    prepareMs: 0,
    headMs: 0,
    middleMs: 0,
    tailMs: 0,
    audioMs: 0,
    joinMs: 0,
    verifyMs: 0,
    totalMs: 0,
  };
  const time = timerInto(timings);

  return withTempDir(async (tmp) => {
    const source = await time('prepareMs', () => loadClipSource(options.segments, tmp, run));
    const { first, last } = locateRange(source, options);
    const withAudio = (options.audio ?? true) && source.hasAudio;
    // Audio is independent of the video parts: start it now, await it at the join.
    const audioPath: Promise<string | undefined> = withAudio
      ? time('audioMs', () => cutAudio(source, first, last, tmp, run))
      : Promise.resolve(undefined);
    audioPath.catch(() => undefined); // observed below; avoid an unhandled rejection meanwhile

    const tmpOut = siblingTempPath(options.outputPath);
    try {
      const job: ClipJob = { source, options, first, last, tmp, out: tmpOut, audioPath, run, time };
      const video = await produceVerifiedVideo(job);
      await writePoster(tmpOut, posterPath, run);
      await rename(tmpOut, options.outputPath);
      timings.totalMs = Date.now() - started;
      return {
        method: video.method,
        ...(video.fallbackReason && (options.method ?? 'smart') === 'smart'
          ? { fallbackReason: video.fallbackReason }
          : {}),
        frameCount: video.verification.frameCount,
        durationSeconds: video.verification.frameCount / source.fps,
        verification: video.verification,
        parts: video.parts,
        hasAudio: withAudio,
        outputPath: options.outputPath,
        posterPath,
        timings,
      };
    } finally {
      await rm(tmpOut, { force: true });
    }
  }, 'catfinder-clip-');
}

type Timer = <T>(key: keyof ClipTimings, fn: () => Promise<T>) => Promise<T>;

/** Runs a step and adds its wall time to `timings[key]` (also when it fails). */
function timerInto(timings: ClipTimings): Timer {
  return async (key, fn) => {
    const t = Date.now();
    try {
      return await fn();
    } finally {
      timings[key] += Date.now() - t;
    }
  };
}

/** Global indices of the requested first and last frames, or a typed error. */
function locateRange(source: ClipSource, options: CutClipOptions): { first: number; last: number } {
  const first = locateFrame(source, options.first, 'first', options.segments);
  const last = locateFrame(source, options.last, 'last', options.segments);
  if (last < first) {
    throw new InvalidClipRequestError(
      `cutClip: last frame (${options.last.mediaSequence}/${options.last.index}) is before first frame (${options.first.mediaSequence}/${options.first.index})`,
    );
  }
  return { first, last };
}

/** Everything one clip's video steps share; `out` is the temp MP4 beside the final path. */
interface ClipJob {
  source: ClipSource;
  options: CutClipOptions;
  first: number;
  last: number;
  tmp: string;
  out: string;
  audioPath: Promise<string | undefined>;
  run: Run;
  time: Timer;
}

type ClipParts = ClipResult['parts'];

interface VerifiedVideo {
  method: 'smart' | 'reencode';
  fallbackReason?: string;
  verification: ClipVerification;
  parts: ClipParts;
}

/** Smart cut when suitable and verified; otherwise a verified full re-encode (or ClipVerificationError). */
async function produceVerifiedVideo(job: ClipJob): Promise<VerifiedVideo> {
  const { source, options, first, last } = job;
  const plan = planSmartCut(source.frames, first, last);
  let fallbackReason: string | undefined;
  if ((options.method ?? 'smart') === 'smart') {
    fallbackReason = smartUnsuitable(source, plan);
    if (!fallbackReason) {
      const smart = await trySmart(job, plan);
      if (smart.verification.passed) return { method: 'smart', ...smart };
      fallbackReason = `smart cut failed verification: ${smart.verification.detail}`;
      await rm(job.out, { force: true });
    }
  }
  return { method: 'reencode', ...(fallbackReason ? { fallbackReason } : {}), ...(await reencodeVerified(job, plan)) };
}

async function trySmart(job: ClipJob, plan: CutPlan): Promise<{ verification: ClipVerification; parts: ClipParts }> {
  const { source, options, first, last, tmp, out, run, time } = job;
  const parts = await buildSmart(source, plan, options, tmp, out, job.audioPath, run, time);
  const smartKey = plan.tail ? plan.tail.from : lastKeyInside(source, plan.middle?.from ?? first, last);
  const verification = await time('verifyMs', () =>
    verify(source, first, last, out, options, tmp, run, smartKey - first),
  );
  return { verification, parts };
}

async function reencodeVerified(
  job: ClipJob,
  smartPlan: CutPlan,
): Promise<{ verification: ClipVerification; parts: ClipParts }> {
  const { source, options, first, last, tmp, out, run, time } = job;
  const expected = last - first + 1;
  await buildReencode(
    source,
    { first, last, decodeFrom: smartPlan.decodeFrom },
    options,
    tmp,
    out,
    job.audioPath,
    run,
    time,
  );
  const gop = Math.round(source.fps * 2);
  const reencodeKey = Math.floor((expected - 1) / gop) * gop;
  const verification = await time('verifyMs', () => verify(source, first, last, out, options, tmp, run, reencodeKey));
  if (!verification.passed) {
    throw new ClipVerificationError(`cutClip: re-encoded clip failed verification: ${verification.detail}`, {
      file: options.outputPath,
    });
  }
  return { verification, parts: { headFrames: expected, copiedFrames: 0, tailFrames: 0 } };
}

/** The clip's first frame as a JPEG at `posterPath` (written beside it, renamed when complete). */
async function writePoster(clipPath: string, posterPath: string, run: Run): Promise<void> {
  const posterTmp = siblingTempPath(posterPath);
  try {
    await runFfmpeg(
      ['-i', clipPath, '-map', '0:v:0', '-frames:v', '1', '-q:v', '3', '-f', 'image2', '-c:v', 'mjpeg', posterTmp],
      {
        ...run,
        cleanupOnFailure: [posterTmp],
      },
    );
    await rename(posterTmp, posterPath);
  } catch (error) {
    await rm(posterTmp, { force: true });
    throw error;
  }
}

/** Last source keyframe in [from, last] (the copied middle's last GOP start). */
function lastKeyInside(source: ClipSource, from: number, last: number): number {
  for (let k = last; k >= from; k--) if (source.frames[k]?.keyframe) return k;
  return from;
}

function smartUnsuitable(source: ClipSource, plan: CutPlan): string | undefined {
  if (source.codec !== 'h264')
    return `${source.codec} source: re-encoded parts would not share the stream's parameter sets`;
  if (source.openGop) return 'open GOPs (frames decode after a keyframe but display before it)';
  if (!plan.middle) return 'no whole GOP inside the range to copy';
  return undefined;
}

/** Write header (PAT/PMT) + joined[byte range of frames fromKey .. before endKey] to a TS file. */
async function writeRange(source: ClipSource, fromKey: number, endKey: number, path: string): Promise<void> {
  const start = source.frames[fromKey]?.byteOffset ?? 0;
  const end =
    endKey >= source.frames.length ? source.joinedSize : (source.frames[endKey]?.byteOffset ?? source.joinedSize);
  await writeFile(path, Buffer.concat([source.header, source.joined.subarray(start, end)]));
}

function encoderArgs(source: ClipSource, options: CutClipOptions, part: boolean): string[] {
  if (options.lossless)
    return ['-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', ...(part ? ['-x264-params', 'sps-id=1'] : [])];
  const args = [
    '-c:v',
    'libx264',
    '-preset',
    options.preset ?? DEFAULT_CLIP_PRESET,
    '-crf',
    String(options.crf ?? DEFAULT_CLIP_CRF),
    '-pix_fmt',
    'yuv420p',
  ];
  if (!part) return [...args, '-g', String(Math.round(source.fps * 2))];
  // Parts: one IDR at the start, the source's reorder delay (so DTS stay monotonic at the joins),
  // and SPS/PPS id 1 so the copied GOPs' own parameter sets (id 0) are never overwritten.
  const d = source.reorderDelayFrames;
  const bf = d <= 0 ? '0' : d === 1 ? '1' : '3';
  const x264 = ['sps-id=1', 'keyint=infinite', 'scenecut=0', ...(d === 1 ? ['b-pyramid=none'] : [])];
  return [...args, '-profile:v', 'high', '-bf', bf, '-x264-params', x264.join(':')];
}

/** Decode [from, to) starting at its GOP's keyframe, re-encode to a TS part. */
async function encodeSpan(
  source: ClipSource,
  from: number,
  to: number,
  options: CutClipOptions,
  part: boolean,
  tmp: string,
  name: string,
  run: Run,
): Promise<string> {
  const key = keyAtOrBefore(source.frames, from) ?? 0;
  const rangePath = join(tmp, `${name}-src.ts`);
  await writeRange(source, key, gopEnd(source.frames, to - 1), rangePath);
  const out = join(tmp, `${name}.ts`);
  await runFfmpeg(
    [
      '-i',
      rangePath,
      '-map',
      '0:v:0',
      '-vf',
      `select='between(n,${from - key},${to - 1 - key})'`,
      '-vsync',
      '0',
      ...encoderArgs(source, options, part),
      '-f',
      'mpegts',
      out,
    ],
    run,
  );
  return out;
}

async function buildSmart(
  source: ClipSource,
  plan: CutPlan,
  options: CutClipOptions,
  tmp: string,
  out: string,
  audioPath: Promise<string | undefined>,
  run: Run,
  time: Timer,
): Promise<{ headFrames: number; copiedFrames: number; tailFrames: number }> {
  const middle = plan.middle;
  if (!middle) throw new InvalidClipRequestError('cutClip: smart plan without a middle');
  const list: Array<{ path: string; frames: number }> = [];
  // The head, middle and tail are independent: run them concurrently.
  const [head, mid, tail] = await Promise.all([
    plan.head
      ? time('headMs', () => encodeSpan(source, plan.head!.from, plan.head!.to, options, true, tmp, 'head', run))
      : undefined,
    time('middleMs', async () => {
      const rangePath = join(tmp, 'middle-src.ts');
      await writeRange(source, middle.from, middle.to, rangePath);
      const p = join(tmp, 'middle.ts');
      await runFfmpeg(['-i', rangePath, '-map', '0:v:0', '-c', 'copy', '-f', 'mpegts', p], run);
      return p;
    }),
    plan.tail
      ? time('tailMs', () => encodeSpan(source, plan.tail!.from, plan.tail!.to, options, true, tmp, 'tail', run))
      : undefined,
  ]);
  if (head && plan.head) list.push({ path: head, frames: plan.head.to - plan.head.from });
  list.push({ path: mid, frames: middle.to - middle.from });
  if (tail && plan.tail) list.push({ path: tail, frames: plan.tail.to - plan.tail.from });
  const total = list.reduce((n, p) => n + p.frames, 0);
  await time('joinMs', () =>
    join_(
      source,
      list,
      tmp,
      out,
      audioPath,
      run,
      cutFaultOf(options) === 'drop-last-smart-frame' ? total - 1 : undefined,
    ),
  );
  return {
    headFrames: plan.head ? plan.head.to - plan.head.from : 0,
    copiedFrames: middle.to - middle.from,
    tailFrames: plan.tail ? plan.tail.to - plan.tail.from : 0,
  };
}

async function buildReencode(
  source: ClipSource,
  plan: CutPlan,
  options: CutClipOptions,
  tmp: string,
  out: string,
  audioPath: Promise<string | undefined>,
  run: Run,
  time: Timer,
): Promise<void> {
  const video = await time('headMs', () =>
    encodeSpan(source, plan.first, plan.last + 1, options, false, tmp, 'full', run),
  );
  await time('joinMs', () =>
    join_(source, [{ path: video, frames: plan.last - plan.first + 1 }], tmp, out, audioPath, run),
  );
}

/** Join TS parts with the concat demuxer (exact per-part durations), add audio, `+faststart`. */
async function join_(
  source: ClipSource,
  parts: Array<{ path: string; frames: number }>,
  tmp: string,
  out: string,
  audioPath: Promise<string | undefined>,
  run: Run,
  limitFrames?: number,
): Promise<void> {
  const audio = await audioPath;
  const listPath = join(tmp, 'concat.txt');
  const lines = parts.flatMap((p) => [
    `file '${p.path.replace(/'/g, "'\\''")}'`,
    `duration ${(p.frames / source.fps).toFixed(9)}`,
  ]);
  await writeFile(listPath, `ffconcat version 1.0\n${lines.join('\n')}\n`);
  await runFfmpeg(
    [
      '-f',
      'concat',
      '-safe',
      '0',
      '-i',
      listPath,
      ...(audio ? ['-i', audio] : []),
      '-map',
      '0:v:0',
      ...(audio ? ['-map', '1:a:0'] : []),
      ...(limitFrames !== undefined ? ['-frames:v', String(limitFrames)] : []),
      '-c',
      'copy',
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      out,
    ],
    { ...run, cleanupOnFailure: [out] },
  );
}

/** Cut the audio to the clip's exact time range (sample-accurate atrim on the original timeline). */
async function cutAudio(source: ClipSource, first: number, last: number, tmp: string, run: Run): Promise<string> {
  const start = (source.frames[first]?.pts ?? 0) / 90_000;
  const end = (source.frames[last]?.pts ?? 0) / 90_000 + 1 / source.fps;
  const out = join(tmp, 'audio.m4a');
  await runFfmpeg(
    [
      '-copyts',
      '-i',
      source.joinedPath,
      '-map',
      '0:a:0',
      '-af',
      `atrim=start=${start.toFixed(6)}:end=${end.toFixed(6)},asetpts=PTS-STARTPTS`,
      '-c:a',
      'aac',
      '-b:a',
      DEFAULT_CLIP_AUDIO_BITRATE,
      '-f',
      'mp4',
      out,
    ],
    run,
  );
  return out;
}

/** Count the clip's video packets (1 frame each in MP4) without decoding. */
async function countFrames(path: string, run: Run): Promise<number> {
  const r = await runFfmpeg(['-i', path, '-map', '0:v:0', '-c', 'copy', '-f', 'framecrc', 'pipe:1'], run);
  return r.stdout
    .toString('utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#')).length;
}

async function verify(
  source: ClipSource,
  first: number,
  last: number,
  clipPath: string,
  options: CutClipOptions,
  tmp: string,
  run: Run,
  lastKeyIndex?: number,
): Promise<ClipVerification> {
  const expected = last - first + 1;
  if (options.lossless) {
    const key = keyAtOrBefore(source.frames, first) ?? 0;
    const rangePath = join(tmp, 'verify-src.ts');
    await writeRange(source, key, gopEnd(source.frames, last), rangePath);
    const [src, clip] = await Promise.all([
      frameMd5s(['-i', rangePath], `select='between(n,${first - key},${last - key})'`, run),
      frameMd5s(['-i', clipPath], undefined, run),
    ]);
    const fail = (detail: string): ClipVerification => ({
      passed: false,
      method: 'framemd5',
      detail,
      frameCount: clip.length,
      expectedFrameCount: expected,
    });
    if (clip.length !== expected) return fail(`frame count ${clip.length} != requested ${expected}`);
    const bad = clip.findIndex((m, i) => m !== src[i]);
    if (bad >= 0) return fail(`frame ${bad} md5 differs from source frame ${first + bad}`);
    return {
      passed: true,
      method: 'framemd5',
      detail: `all ${expected} frames md5-identical to the source`,
      frameCount: expected,
      expectedFrameCount: expected,
    };
  }

  const count = await countFrames(clipPath, run);
  const fail = (detail: string): ClipVerification => ({
    passed: false,
    method: 'psnr',
    detail,
    frameCount: count,
    expectedFrameCount: expected,
  });
  if (count !== expected) return fail(`frame count ${count} != requested ${expected}`);
  const [firstWin, lastWin] = await Promise.all([
    sourceWindow(source, first, tmp, 'vf', run),
    sourceWindow(source, last, tmp, 'vl', run),
  ]);
  const minPsnr = options.minPsnr ?? DEFAULT_MIN_PSNR;
  const judge = (clipFrames: Uint8Array[]) => {
    const a = judgeNeighbours(clipFrames[0] ?? new Uint8Array(), firstWin.requested, firstWin.neighbours, minPsnr);
    const b = judgeNeighbours(clipFrames[1] ?? new Uint8Array(), lastWin.requested, lastWin.neighbours, minPsnr);
    const detail =
      `frames ${count}/${expected}; first ${formatDb(a.requestedPsnr)} dB vs neighbours [${a.neighbourPsnr.map(formatDb).join(', ')}]; ` +
      `last ${formatDb(b.requestedPsnr)} dB vs neighbours [${b.neighbourPsnr.map(formatDb).join(', ')}]`;
    return { passed: a.passed && b.passed, detail };
  };
  // Fast path: decode only the first frame, and the last GOP (MP4 seek to the last keyframe —
  // seeking is safe in MP4, never used on TS). A miss is re-checked with a full decode.
  let verdict =
    lastKeyIndex !== undefined && lastKeyIndex > 0
      ? judge(await firstAndLastFast(clipPath, expected, lastKeyIndex, source.fps, run))
      : undefined;
  if (!verdict?.passed) verdict = judge(await grayFrames(['-i', clipPath], [0, expected - 1], run));
  const { passed, detail } = verdict;
  return { passed, method: 'psnr', detail, frameCount: count, expectedFrameCount: expected };
}

/** First frame (decoded alone) and last frame (decoded from the clip keyframe `lastKey`). */
async function firstAndLastFast(
  clipPath: string,
  expected: number,
  lastKey: number,
  fps: number,
  run: Run,
): Promise<Uint8Array[]> {
  const [head, tail] = await Promise.all([
    runFfmpeg(
      ['-i', clipPath, '-map', '0:v:0', '-frames:v', '1', '-vf', 'format=gray', '-f', 'rawvideo', 'pipe:1'],
      run,
    ),
    grayFrames(['-ss', ((lastKey - 0.5) / fps).toFixed(6), '-i', clipPath], [expected - 1 - lastKey], run),
  ]);
  return [new Uint8Array(head.stdout), tail[0] ?? new Uint8Array()];
}

/** Luma planes of the frames at `indices` (decode order of the output = presentation order). */
async function grayFrames(inputArgs: string[], indices: number[], run: Run): Promise<Uint8Array[]> {
  const unique = [...new Set(indices)].sort((x, y) => x - y);
  const expr = unique.map((i) => `eq(n,${i})`).join('+');
  const r = await runFfmpeg(
    [...inputArgs, '-map', '0:v:0', '-vf', `select='${expr}',format=gray`, '-vsync', '0', '-f', 'rawvideo', 'pipe:1'],
    run,
  );
  const size = unique.length > 0 ? r.stdout.length / unique.length : 0;
  const byIndex = new Map(unique.map((i, k) => [i, new Uint8Array(r.stdout.subarray(k * size, (k + 1) * size))]));
  return indices.map((i) => byIndex.get(i) ?? new Uint8Array());
}

/** The requested source frame and its existing neighbours, decoded from their GOP(s). */
async function sourceWindow(source: ClipSource, at: number, tmp: string, name: string, run: Run) {
  const lo = Math.max(0, at - 1);
  const hi = Math.min(source.frames.length - 1, at + 1);
  const key = keyAtOrBefore(source.frames, lo) ?? 0;
  const rangePath = join(tmp, `${name}.ts`);
  await writeRange(source, key, gopEnd(source.frames, hi), rangePath);
  const indices = [];
  for (let i = lo; i <= hi; i++) indices.push(i - key);
  const frames = await grayFrames(['-i', rangePath], indices, run);
  const requested = frames[at - lo] ?? new Uint8Array();
  const neighbours = frames.filter((_, k) => k !== at - lo);
  return { requested, neighbours };
}
