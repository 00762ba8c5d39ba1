import type { FfmpegRunOptions } from '../ffmpeg/run';
import { runFfmpeg } from '../ffmpeg/run';

/** Per-frame md5s (framemd5 muxer) of the decoded video of `inputArgs`, optionally through a filter. */
export async function frameMd5s(
  inputArgs: string[],
  filter: string | undefined,
  run: Omit<FfmpegRunOptions, 'onStdout'>,
): Promise<string[]> {
  const result = await runFfmpeg(
    [...inputArgs, '-map', '0:v:0', ...(filter ? ['-vf', filter] : []), '-vsync', '0', '-f', 'framemd5', 'pipe:1'],
    run,
  );
  return parseFrameMd5(result.stdout.toString('utf8'));
}

export function parseFrameMd5(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(',').pop()?.trim() ?? '');
}

/** Luma PSNR (dB) of two equally sized grey planes; Infinity when identical. */
export function psnr(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let se = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    se += d * d;
  }
  if (se === 0) return Number.POSITIVE_INFINITY;
  return 10 * Math.log10((255 * 255 * a.length) / se);
}

/**
 * The requested source frame must match the clip frame at least as well as any neighbour, and
 * reach `minPsnr`. Neighbours identical to the requested frame tie and cannot be told apart.
 */
export function judgeNeighbours(
  clipFrame: Uint8Array,
  requested: Uint8Array,
  neighbours: Uint8Array[],
  minPsnr: number,
): { passed: boolean; requestedPsnr: number; neighbourPsnr: number[] } {
  const requestedPsnr = psnr(clipFrame, requested);
  const neighbourPsnr = neighbours.map((n) => psnr(clipFrame, n));
  const passed = requestedPsnr >= minPsnr && neighbourPsnr.every((p) => p <= requestedPsnr);
  return { passed, requestedPsnr, neighbourPsnr };
}

export function formatDb(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : 'inf';
}
