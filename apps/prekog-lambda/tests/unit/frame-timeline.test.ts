import { describe, expect, it } from 'vitest';
import { FrameTimeline } from '../../src/frame-timeline';

const seg = (mediaSequence: number, frameCount = 60) => ({
  mediaSequence,
  frameCount,
  startTime: 1_000_000 + (mediaSequence - 10) * 2000,
  frameRate: 30,
});
const timeline = new FrameTimeline([seg(10), seg(11), seg(12), seg(14)]);

describe('FrameTimeline', () => {
  it.each([
    [{ mediaSequence: 11, index: 5 }, -1, { mediaSequence: 11, index: 4 }, false],
    [{ mediaSequence: 11, index: 0 }, -1, { mediaSequence: 10, index: 59 }, false],
    [{ mediaSequence: 11, index: 59 }, 1, { mediaSequence: 12, index: 0 }, false],
    [{ mediaSequence: 12, index: 10 }, -130, { mediaSequence: 10, index: 0 }, false],
    [{ mediaSequence: 10, index: 3 }, -10, { mediaSequence: 10, index: 0 }, true],
    [{ mediaSequence: 12, index: 50 }, 20, { mediaSequence: 12, index: 59 }, true],
    [{ mediaSequence: 13, index: 0 }, 1, { mediaSequence: 13, index: 0 }, true],
  ])('shift(%j, %i) → %j (clamped %s)', (ref, frames, frame, clamped) => {
    expect(timeline.shift(ref, frames)).toEqual({ frame, clamped });
  });

  it('counts frames inclusively across segments, not across a gap or backwards', () => {
    expect(timeline.count({ mediaSequence: 10, index: 0 }, { mediaSequence: 10, index: 59 })).toBe(60);
    expect(timeline.count({ mediaSequence: 10, index: 30 }, { mediaSequence: 12, index: 9 })).toBe(30 + 60 + 10);
    expect(timeline.count({ mediaSequence: 12, index: 0 }, { mediaSequence: 14, index: 0 })).toBeUndefined();
    expect(timeline.count({ mediaSequence: 11, index: 0 }, { mediaSequence: 10, index: 0 })).toBeUndefined();
  });

  it('times a frame from its segment start and the frame rate', () => {
    expect(timeline.timeOf({ mediaSequence: 11, index: 15 })).toBe(1_002_000 + 500);
    expect(timeline.timeOf({ mediaSequence: 13, index: 0 })).toBeUndefined();
  });
});
