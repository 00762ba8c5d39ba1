/**
 * Interim frame-exact cutter used while `@catfinder/media` has no `cutClip` yet (see
 * `media-cutter.ts`): it re-encodes exactly the requested frames (selected by index per segment,
 * never by time), writes a poster, and verifies frame count and first/last frames against the
 * source (framemd5 in lossless mode, PSNR otherwise). Video only. Slower than media's smart cut,
 * but correct, so the clipper works end to end either way.
 */
import { runFfmpeg } from '@catfinder/media';
import type { ClipVerification } from '../types';
import type { ClipCutter, CutInput, CutOutcome } from './cutter';

export interface ReencodeCutterOptions {
  /** Lossless x264 (qp 0) and framemd5 verification — for tests. @default false */
  lossless?: boolean;
  /** Minimum PSNR (dB) of first/last frame against the source in normal mode. @default 30 */
  minPsnr?: number;
}

const md5Lines = (text: string): string[] =>
  text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(',').pop()?.trim() ?? '');

async function sourceFrameMd5(path: string, index: number, timeoutMs: number): Promise<string | undefined> {
  const { stdout } = await runFfmpeg(
    ['-loglevel', 'error', '-i', path, '-map', '0:v:0', '-vf', `select='eq(n\\,${index})'`, '-vsync', '0', '-pix_fmt', 'yuv420p', '-f', 'framemd5', '-'],
    { timeoutMs },
  );
  return md5Lines(stdout.toString('utf8'))[0];
}

async function framePsnr(clip: string, clipIndex: number, source: string, sourceIndex: number, timeoutMs: number): Promise<number> {
  const { stderrTail } = await runFfmpeg(
    [
      '-i', clip, '-i', source,
      '-filter_complex',
      `[0:v]select='eq(n\\,${clipIndex})',setpts=PTS-STARTPTS[a];[1:v]select='eq(n\\,${sourceIndex})',setpts=PTS-STARTPTS[b];[a][b]psnr`,
      '-f', 'null', '-',
    ],
    { timeoutMs },
  );
  const match = /PSNR .*average:(inf|[\d.]+)/.exec(stderrTail);
  if (!match) return 0;
  return match[1] === 'inf' ? Number.POSITIVE_INFINITY : Number(match[1]);
}

export function reencodeCutter(options: ReencodeCutterOptions = {}): ClipCutter {
  const lossless = options.lossless ?? false;
  const minPsnr = options.minPsnr ?? 30;
  return async (input: CutInput): Promise<CutOutcome> => {
    const { segments, first, last, timeoutMs } = input;
    const args: string[] = ['-loglevel', 'error', '-y'];
    for (const s of segments) args.push('-i', s.path);
    const chains = segments.map((s, i) => {
      const filters: string[] = [];
      if (s.mediaSequence === first.mediaSequence && s.mediaSequence === last.mediaSequence) filters.push(`select='between(n\\,${first.index}\\,${last.index})'`);
      else if (s.mediaSequence === first.mediaSequence) filters.push(`select='gte(n\\,${first.index})'`);
      else if (s.mediaSequence === last.mediaSequence) filters.push(`select='lte(n\\,${last.index})'`);
      filters.push('setpts=PTS-STARTPTS');
      return `[${i}:v:0]${filters.join(',')}[v${i}]`;
    });
    const joined = segments.map((_, i) => `[v${i}]`).join('');
    const graph = `${chains.join(';')};${joined}concat=n=${segments.length}:v=1:a=0[out]`;
    args.push(
      '-filter_complex', graph,
      '-map', '[out]',
      '-an',
      '-vsync', '0',
      '-c:v', 'libx264',
      '-pix_fmt', 'yuv420p',
      ...(lossless ? ['-qp', '0', '-preset', 'ultrafast'] : ['-crf', '18', '-preset', 'veryfast']),
      '-movflags', '+faststart',
      input.outputPath,
    );
    await runFfmpeg(args, { timeoutMs, cleanupOnFailure: [input.outputPath] });

    // Count the frames and hash them in one decode of the result.
    const { stdout } = await runFfmpeg(['-loglevel', 'error', '-i', input.outputPath, '-map', '0:v:0', '-vsync', '0', '-f', 'framemd5', '-'], { timeoutMs });
    const clipMd5 = md5Lines(stdout.toString('utf8'));
    const frameCount = clipMd5.length;
    const posterIndex = Math.floor(frameCount / 2);
    await runFfmpeg(
      ['-loglevel', 'error', '-y', '-i', input.outputPath, '-vf', `select='eq(n\\,${posterIndex})'`, '-vsync', '0', '-frames:v', '1', '-q:v', '3', input.posterPath],
      { timeoutMs, cleanupOnFailure: [input.posterPath] },
    );

    const firstPath = segments[0]?.path ?? '';
    const lastPath = segments[segments.length - 1]?.path ?? '';
    let verification: ClipVerification;
    if (lossless) {
      const [srcFirst, srcLast] = await Promise.all([sourceFrameMd5(firstPath, first.index, timeoutMs), sourceFrameMd5(lastPath, last.index, timeoutMs)]);
      const passed = srcFirst !== undefined && srcLast !== undefined && clipMd5[0] === srcFirst && clipMd5[frameCount - 1] === srcLast;
      verification = { passed, method: 'framemd5', detail: `${frameCount} frames; first ${passed || clipMd5[0] === srcFirst ? 'matches' : 'differs'}, last ${clipMd5[frameCount - 1] === srcLast ? 'matches' : 'differs'}` };
    } else {
      const [p1, p2] = await Promise.all([framePsnr(input.outputPath, 0, firstPath, first.index, timeoutMs), framePsnr(input.outputPath, frameCount - 1, lastPath, last.index, timeoutMs)]);
      verification = { passed: p1 >= minPsnr && p2 >= minPsnr, method: 'psnr', detail: `${frameCount} frames; first ${p1.toFixed(1)} dB, last ${p2.toFixed(1)} dB (min ${minPsnr})` };
    }
    return { method: 'reencode', frameCount, durationSeconds: frameCount / input.frameRate, verification };
  };
}
