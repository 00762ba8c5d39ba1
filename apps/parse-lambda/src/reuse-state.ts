/**
 * Where a channel's reuse state (libs/vision's reuse rule: the last sample and the labels it may
 * lend) lives between segments and between parse runs of one process.
 */
import { reusePolicyFor, type DetectLabelsResult, type ReusePolicy } from '@catfinder/vision';
import type { Detector, LiveSegment } from './ports';

/** The last media sequence each reuse policy saw, so a policy only carries its sample to the next segment. */
const lastSequenceOf = new WeakMap<object, { mediaSequence: number; discontinuitySequence: number }>();

/**
 * The channel's reuse policy. It lives as long as the process, not the parse run: it is keyed by
 * the detector's `detect` function, which the run's detector objects share (the faces wrapper
 * copies it into a new object each run), so a warm Lambda or the local stack does not pay a fresh
 * call for the first sample of every run. It carries its last sample only to the segment right
 * after it on the same timeline; after a gap, a discontinuity or a retried segment it starts over.
 */
export function reusePolicyOf(
  detector: Detector,
  channel: string,
  segment: Pick<LiveSegment, 'mediaSequence' | 'discontinuitySequence'>,
): ReusePolicy<DetectLabelsResult> {
  const policy = reusePolicyFor<DetectLabelsResult>(detector.detect, channel);
  const last = lastSequenceOf.get(policy);
  if (
    last &&
    (segment.mediaSequence !== last.mediaSequence + 1 || segment.discontinuitySequence !== last.discontinuitySequence)
  )
    policy.reset();
  lastSequenceOf.set(policy, {
    mediaSequence: segment.mediaSequence,
    discontinuitySequence: segment.discontinuitySequence,
  });
  return policy;
}
