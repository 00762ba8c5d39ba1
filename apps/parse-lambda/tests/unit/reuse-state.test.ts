/**
 * The channel's reuse state outlives a parse run (a warm Lambda, the local stack): a new detector
 * object wrapping the same detect function (as the faces wrapper makes one per run) keeps it, and
 * it is carried only to the next segment of the same timeline.
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DetectLabelsResult } from '@catfinder/vision';
import type { Detector } from '../../src/ports';
import { reusePolicyOf } from '../../src/reuse-state';

let picture: Uint8Array;
beforeAll(async () => {
  picture = await sharp({ create: { width: 160, height: 90, channels: 3, background: { r: 40, g: 120, b: 200 } } })
    .jpeg()
    .toBuffer();
});

const answer: DetectLabelsResult = { Labels: [], LabelModelVersion: 'test' };
const detect = async (): Promise<DetectLabelsResult> => answer;
const seg = (mediaSequence: number, discontinuitySequence = 0) => ({ mediaSequence, discontinuitySequence });

/** One timed (non-cut) sample of the same still picture: reused when the carried state is kept, sent when not. */
async function oneSample(detector: Detector, channel: string, segment: ReturnType<typeof seg>): Promise<boolean> {
  const [outcome] = await reusePolicyOf(detector, channel, segment).detectAll(
    [{ image: picture, isCut: false, time: 1_000_000 + segment.mediaSequence * 2000 }],
    1,
    async () => ({ result: answer, error: undefined }),
  );
  return outcome!.reused;
}

describe('reusePolicyOf', () => {
  it('keeps the state across detector objects that share the detect function (one per run)', async () => {
    expect(await oneSample({ detect }, 'a', seg(10))).toBe(false);
    // The next run: a new object around the same function, the next segment.
    expect(await oneSample({ detect }, 'a', seg(11))).toBe(true);
  });

  it('keeps one state per channel and per detect function', async () => {
    const other = async (): Promise<DetectLabelsResult> => answer;
    expect(await oneSample({ detect }, 'b', seg(10))).toBe(false);
    expect(await oneSample({ detect: other }, 'b', seg(11))).toBe(false);
    expect(await oneSample({ detect }, 'c', seg(11))).toBe(false);
  });

  it('starts over after a gap, a discontinuity or a retried segment', async () => {
    expect(await oneSample({ detect }, 'd', seg(10))).toBe(false);
    expect(await oneSample({ detect }, 'd', seg(12))).toBe(false); // a gap
    expect(await oneSample({ detect }, 'd', seg(13))).toBe(true);
    expect(await oneSample({ detect }, 'd', seg(14, 1))).toBe(false); // a discontinuity
    expect(await oneSample({ detect }, 'd', seg(14, 1))).toBe(false); // the same segment again
    expect(await oneSample({ detect }, 'd', seg(15, 1))).toBe(true);
  });
});
