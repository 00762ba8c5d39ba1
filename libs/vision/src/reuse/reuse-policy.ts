/**
 * Which samples need a (paid) detector call. A sample that is nearly identical to the previous
 * sample of the same scene, and to the sample whose labels it would reuse (its anchor, the last
 * one sent), reuses the anchor's labels instead of being sent; the rule is the same whichever
 * detector runs. Pure: signatures in, decisions out; the caller keeps the state between batches
 * (`ReuseState`).
 *
 * A sample is sent when any of these holds (the `reason`):
 * - `first`: nothing to compare with (first sample of a process, or after a failure);
 * - `cut`: it starts a scene (a cut always gets a fresh call);
 * - `changed`: its picture differs from the previous sample's (dHash bits, or the mean grey level
 *   of a quarter-picture window, image-signature.ts) or from the anchor's (the window means: a
 *   change that creeps in over several samples adds up against the anchor);
 * - `stale`: the anchor's labels are older than `maxReuseSeconds` of stream (bounds how long a
 *   change too slow or too small to see goes unseen), or time went backwards.
 */
import {
  signatureDistance,
  zoomTolerantRegionDelta,
  type ImageSignature,
  type SignatureDistance,
} from './image-signature';

export interface ReuseOptions {
  /**
   * Most dHash bits (of 64) that may differ from the previous sample (a backstop for a change of
   * shot that was not detected as a cut: unrelated pictures differ in ~32).
   * @default 20 — the demo channel's 2 s zoom steps flip up to 17
   */
  maxHashBits?: number;
  /**
   * Largest change of a window's mean grey level (0..255; a window is a quarter of the picture's
   * width and height, at any position) from the previous sample and from the anchor, zoom-compensated.
   * @default 13 — measured on the demo channel: still scenes under the slow zoom ≤ 7 (≤ 9.2 against
   * the anchor), the animated test pattern ≤ 11.1 over all its phases, a cat walking in 16–90 once
   * a sixth of it is in the picture
   */
  maxRegionDelta?: number;
  /**
   * Labels are reused for at most this many seconds of stream after the call that produced them.
   * @default 20
   */
  maxReuseSeconds?: number;
}

export const DEFAULT_REUSE_OPTIONS: Required<ReuseOptions> = {
  maxHashBits: 20,
  maxRegionDelta: 13,
  maxReuseSeconds: 20,
};

export interface ReuseSample {
  /** Undefined when the picture could not be decoded for a signature: it is sent, and compared with nothing. */
  signature: ImageSignature | undefined;
  /** The sample starts a scene. */
  isCut: boolean;
  /** Stream time of the sample, epoch ms. */
  time: number;
}

/** What the next batch compares with: the previous sample and the anchor its labels came from. */
export interface ReuseState<R> {
  previous: ReuseSample;
  /** The last sample that was sent, whose labels `previous` has (it may be `previous` itself). */
  anchor: ReuseSample;
  /** The anchor's result (what reused samples get). */
  result: R;
}

export type ReuseDecision =
  | {
      action: 'call';
      reason: 'first' | 'cut' | 'changed' | 'stale';
      distance?: SignatureDistance;
      anchorDelta?: number;
    }
  /** `anchor`: index in this batch of the sample whose call is reused, or -1 for the carried state's. */
  | { action: 'reuse'; anchor: number; distance: SignatureDistance; anchorDelta: number };

/** Decides every sample of a batch (in stream order) against the carried state and each other. */
export function planReuse(
  samples: readonly ReuseSample[],
  state: Pick<ReuseState<unknown>, 'previous' | 'anchor'> | undefined,
  options: ReuseOptions = {},
): ReuseDecision[] {
  const o = { ...DEFAULT_REUSE_OPTIONS, ...options };
  let previous = state?.previous;
  let anchor = state ? { index: -1, sample: state.anchor } : undefined;
  return samples.map((sample, index) => {
    const decision = decideOne(sample, previous, anchor?.sample, o);
    previous = sample;
    if (decision.action === 'call') anchor = { index, sample };
    return decision.action === 'call' ? decision : { ...decision, anchor: anchor!.index };
  });
}

function decideOne(
  sample: ReuseSample,
  previous: ReuseSample | undefined,
  anchor: ReuseSample | undefined,
  o: Required<ReuseOptions>,
): ReuseDecision {
  if (!previous?.signature || !sample.signature || !anchor?.signature) return { action: 'call', reason: 'first' };
  if (sample.isCut) return { action: 'call', reason: 'cut' };
  if (sample.time < previous.time || sample.time - anchor.time > o.maxReuseSeconds * 1000)
    return { action: 'call', reason: 'stale' };
  const distance = signatureDistance(previous.signature, sample.signature);
  if (distance.hashBits > o.maxHashBits || distance.regionDelta > o.maxRegionDelta)
    return { action: 'call', reason: 'changed', distance };
  const anchorDelta =
    anchor === previous
      ? distance.regionDelta
      : zoomTolerantRegionDelta(anchor.signature.thumb, sample.signature.thumb);
  if (anchorDelta > o.maxRegionDelta) return { action: 'call', reason: 'changed', distance, anchorDelta };
  return { action: 'reuse', anchor: -1, distance, anchorDelta };
}
