import { THUMB_HEIGHT, THUMB_WIDTH } from '../constants';

/** Mean absolute difference (0..255) of two grey thumbnails of the same size. */
export function thumbDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length || a.length === 0) return Number.POSITIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

export const THUMB_BYTES = THUMB_WIDTH * THUMB_HEIGHT;

export interface Candidate {
  index: number;
  isCut: boolean;
  thumb: Uint8Array;
}

export interface SampleDecision {
  accepted: number[];
  skipped: number[];
  /** Thumb of the last accepted sample (the reference for the next candidate of the same scene). */
  lastThumb?: Uint8Array;
}

/**
 * DESIGN.md's sampling rule, applied to the candidates ffmpeg selected (every cut, plus every
 * `sampleInterval` s since the previous candidate): a cut is always a sample (new scene); an
 * interval candidate is skipped when it is nearly identical to the previous accepted sample of
 * the same scene (which may come from the previous segment, via `previousThumb`).
 */
export function decideSamples(candidates: readonly Candidate[], previousThumb: Uint8Array | undefined, duplicateThreshold: number): SampleDecision {
  const accepted: number[] = [];
  const skipped: number[] = [];
  let reference = previousThumb;
  for (const c of candidates) {
    if (!c.isCut && reference && thumbDifference(c.thumb, reference) < duplicateThreshold) {
      skipped.push(c.index);
      continue;
    }
    accepted.push(c.index);
    reference = c.thumb;
  }
  return { accepted, skipped, lastThumb: reference };
}
