/**
 * Which samples need a (paid) detector call. A sample that is nearly identical to the previous
 * sample of the same scene reuses the labels of the last sample that was sent (its anchor)
 * instead of being sent; the rule is the same whichever detector runs. Pure: signatures in,
 * decisions out; the caller keeps the state between batches (`ReuseState`).
 *
 * A sample is sent when any of these holds (the `reason`):
 * - `first`: nothing to compare with (first sample of a process, or after a failure);
 * - `cut`: it starts a scene (a cut always gets a fresh call);
 * - `changed`: its picture differs from the previous sample's (dHash bits or one cell's grey
 *   level, image-signature.ts);
 * - `stale`: the anchor's labels are older than `maxReuseSeconds` of stream (bounds how long a
 *   slow change can go unseen), or time went backwards.
 */
import { signatureDistance, type ImageSignature, type SignatureDistance } from './image-signature';

export interface ReuseOptions {
  /**
   * Most dHash bits (of 64) that may differ from the previous sample (a backstop for a change of
   * shot that was not detected as a cut: unrelated pictures differ in ~32).
   * @default 20 — the demo channel's 2 s zoom steps flip up to 17
   */
  maxHashBits?: number;
  /**
   * Largest change of one cell's mean grey level (0..255; a cell is 1/36 of the picture) from the
   * previous sample, zoom-compensated.
   * @default 12 — about twice the largest slow-zoom step measured (≤ 7); a cat a quarter of the frame wide walking in moves a cell by 22–88
   */
  maxCellDelta?: number;
  /**
   * Labels are reused for at most this many seconds of stream after the call that produced them.
   * @default 20
   */
  maxReuseSeconds?: number;
}

export const DEFAULT_REUSE_OPTIONS: Required<ReuseOptions> = { maxHashBits: 20, maxCellDelta: 12, maxReuseSeconds: 20 };

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
  anchorTime: number;
  /** The anchor's result (what reused samples get). */
  result: R;
}

export type ReuseDecision =
  | { action: 'call'; reason: 'first' | 'cut' | 'changed' | 'stale'; distance?: SignatureDistance }
  /** `anchor`: index in this batch of the sample whose call is reused, or -1 for the carried state's. */
  | { action: 'reuse'; anchor: number; distance: SignatureDistance };

/** Decides every sample of a batch (in stream order) against the carried state and each other. */
export function planReuse(
  samples: readonly ReuseSample[],
  state: Pick<ReuseState<unknown>, 'previous' | 'anchorTime'> | undefined,
  options: ReuseOptions = {},
): ReuseDecision[] {
  const o = { ...DEFAULT_REUSE_OPTIONS, ...options };
  let previous = state?.previous;
  let anchor = state ? { index: -1, time: state.anchorTime } : undefined;
  return samples.map((sample, index) => {
    const decision = decideOne(sample, previous, anchor?.time, o);
    previous = sample;
    if (decision.action === 'call') anchor = { index, time: sample.time };
    return decision.action === 'call' ? decision : { ...decision, anchor: anchor!.index };
  });
}

function decideOne(
  sample: ReuseSample,
  previous: ReuseSample | undefined,
  anchorTime: number | undefined,
  o: Required<ReuseOptions>,
): ReuseDecision {
  if (!previous?.signature || !sample.signature || anchorTime === undefined) return { action: 'call', reason: 'first' };
  if (sample.isCut) return { action: 'call', reason: 'cut' };
  if (sample.time < previous.time || sample.time - anchorTime > o.maxReuseSeconds * 1000)
    return { action: 'call', reason: 'stale' };
  const distance = signatureDistance(previous.signature, sample.signature);
  if (distance.hashBits > o.maxHashBits || distance.cellDelta > o.maxCellDelta)
    return { action: 'call', reason: 'changed', distance };
  return { action: 'reuse', anchor: -1, distance };
}
