import { THUMB_HEIGHT, THUMB_WIDTH } from '../constants';

/** Mean absolute difference (0..255) of two grey thumbnails of the same size. */
export function thumbDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length || a.length === 0) return Number.POSITIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

export const THUMB_BYTES = THUMB_WIDTH * THUMB_HEIGHT;

/**
 * DESIGN.md's sampling rule for one candidate ffmpeg selected (a cut, or `sampleInterval` s since
 * the previous candidate): a cut is always a sample (new scene); an interval candidate is skipped
 * when it is nearly identical to `reference`, the previous accepted sample of the same scene
 * (which may come from the previous segment). An accepted candidate becomes the next reference.
 */
export function isNearDuplicate(
  isCut: boolean,
  thumb: Uint8Array,
  reference: Uint8Array | undefined,
  duplicateThreshold: number,
): boolean {
  return !isCut && reference !== undefined && thumbDifference(thumb, reference) < duplicateThreshold;
}
