/** The appearance the epoch tests bound: a Cat matched at segments 5 and 6, closed by the cut at 7. */
import type { PrekogEvent, SamplePoint } from '../../src/events';

/**
 * That appearance's `closed` event; `point(seq)` is frame 0 of segment `seq` on the test's
 * timeline, and `fields` are what the test sets on top (channel, appearance id, epoch).
 */
export function closedEvent(point: (seq: number) => SamplePoint, fields: Partial<PrekogEvent> = {}): PrekogEvent {
  return {
    version: 1,
    kind: 'closed',
    idempotencyKey: 'k',
    channel: 'demo',
    label: 'Cat',
    appearanceId: 'a-epoch',
    preRollSeconds: 0,
    postRollSeconds: 0,
    maxClipSeconds: 120,
    firstMatch: point(5),
    lastMatch: point(6),
    closedBy: point(7),
    closeReason: 'cut',
    detectorCalls: 4,
    maxConfidence: 90,
    ...fields,
  };
}

/**
 * The bounds that appearance gets when its neighbouring samples are 4/0 (before) and the cut at 7/0
 * (after) on its own epoch, whatever another epoch interleaves: the frame after 4/0 to the frame
 * before the cut.
 */
export const OWN_EPOCH_BOUNDS = {
  start: { mediaSequence: 4, index: 1 },
  startBy: 'samples',
  end: { mediaSequence: 6, index: 59 },
  endBy: 'cut',
  frameCount: 179,
} as const;
