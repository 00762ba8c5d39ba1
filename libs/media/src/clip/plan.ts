import { InvalidClipRequestError } from '../errors';
import type { SourceFrame } from './source';

/** A half-open range of global frame indices [from, to). */
export interface FrameSpan {
  from: number;
  to: number;
}

/** How a clip [first, last] is assembled. */
export interface CutPlan {
  first: number;
  last: number;
  /** Keyframe the head (or the whole re-encode) is decoded from. */
  decodeFrom: number;
  head?: FrameSpan;
  middle?: FrameSpan;
  tail?: FrameSpan;
}

/** Keyframe at or before `i`. */
export function keyAtOrBefore(frames: readonly SourceFrame[], i: number): number | undefined {
  for (let k = i; k >= 0; k--) if (frames[k]?.keyframe) return k;
  return undefined;
}

/** First keyframe after `i`, or `frames.length` (end of input). */
export function gopEnd(frames: readonly SourceFrame[], i: number): number {
  for (let k = i + 1; k < frames.length; k++) if (frames[k]?.keyframe) return k;
  return frames.length;
}

/**
 * Plan a smart cut: copy the whole GOPs inside [first, last]; the partial GOP before the first
 * copied keyframe (head) and after the last whole GOP (tail) are re-encoded. Pure, so tested on tables.
 */
export function planSmartCut(frames: readonly SourceFrame[], first: number, last: number): CutPlan {
  const decodeFrom = keyAtOrBefore(frames, first);
  if (decodeFrom === undefined) {
    throw new InvalidClipRequestError(
      `cutClip: no keyframe at or before the first frame (global ${first}) in the given segments`,
    );
  }
  let a = first;
  while (a <= last && !frames[a]?.keyframe) a++;
  // z: end of the last whole GOP inside the range (a keyframe or the end of input, ≤ last + 1).
  let z = a;
  while (z < frames.length && a <= last) {
    const e = gopEnd(frames, z);
    if (e > last + 1) break;
    z = e;
  }
  const plan: CutPlan = { first, last, decodeFrom };
  if (a > last || z <= a) return plan; // no whole GOP inside: nothing to copy
  if (a > first) plan.head = { from: first, to: a };
  plan.middle = { from: a, to: z };
  if (z <= last) plan.tail = { from: z, to: last + 1 };
  return plan;
}
