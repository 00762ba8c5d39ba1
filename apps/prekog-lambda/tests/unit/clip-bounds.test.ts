import { describe, expect, it } from 'vitest';
import { computeClipBounds, type BoundsInput, type SampleRow } from '../../src/clip-bounds';
import { BoundsError } from '../../src/errors';
import { FrameTimeline } from '../../src/frame-timeline';

// Six 2 s segments of 60 frames at 30 fps, sequences 100..105, starting at T0.
const T0 = 1_700_000_000_000;
const timeline = new FrameTimeline(
  Array.from({ length: 6 }, (_, i) => ({
    mediaSequence: 100 + i,
    frameCount: 60,
    startTime: T0 + i * 2000,
    frameRate: 30,
  })),
);
const at = (mediaSequence: number, index: number, isCut = false): SampleRow => ({
  frame: { mediaSequence, index },
  time: T0 + (mediaSequence - 100) * 2000 + (index * 1000) / 30,
  isCut,
});

function input(over: Partial<BoundsInput>): BoundsInput {
  return {
    appearanceId: 'demo-cat-1',
    firstMatch: at(101, 15, true),
    lastMatch: at(103, 0),
    before: [],
    after: [at(103, 45, true)],
    open: false,
    preRollSeconds: 0,
    postRollSeconds: 0,
    maxClipSeconds: 120,
    timeline,
    ...over,
  };
}

describe('computeClipBounds', () => {
  it('runs from the cut that opened the scene to the frame before the closing cut', () => {
    const b = computeClipBounds(input({}));
    expect(b).toMatchObject({
      start: { mediaSequence: 101, index: 15 },
      end: { mediaSequence: 103, index: 44 },
      startBy: 'cut',
      endBy: 'cut',
      frameCount: 45 + 60 + 45,
      provisional: false,
      capped: false,
    });
    expect(b.startTime).toBe(at(101, 15).time);
    expect(b.endTime).toBe(at(103, 44).time);
  });

  it('walks back to the cut before a periodic first match (a cat that walked into the scene)', () => {
    const b = computeClipBounds(
      input({ firstMatch: at(102, 30), before: [at(102, 0), at(101, 40, true), at(100, 0, true)] }),
    );
    expect(b.start).toEqual({ mediaSequence: 101, index: 40 });
    expect(b.startBy).toBe('cut');
  });

  it('ends on the last frame of the previous segment when the closing cut is a segment’s first frame', () => {
    const b = computeClipBounds(input({ after: [at(104, 0, true)] }));
    expect(b.end).toEqual({ mediaSequence: 103, index: 59 });
  });

  it('is bounded by the neighbouring samples where no cut is near', () => {
    const b = computeClipBounds(
      input({ firstMatch: at(102, 30), before: [at(102, 0)], after: [at(103, 30), at(104, 0)], maxClipSeconds: 120 }),
    );
    expect(b).toMatchObject({
      start: { mediaSequence: 102, index: 1 },
      end: { mediaSequence: 103, index: 29 },
      startBy: 'samples',
      endBy: 'samples',
    });
  });

  it('ignores cuts farther than maxClipSeconds away', () => {
    const b = computeClipBounds(
      input({
        firstMatch: at(104, 0),
        lastMatch: at(104, 0),
        before: [at(103, 30), at(100, 0, true)],
        after: [at(104, 30)],
        maxClipSeconds: 5,
      }),
    );
    expect(b.start).toEqual({ mediaSequence: 103, index: 31 });
    expect(b.startBy).toBe('samples');
  });

  it('gives provisional bounds ending at the last match while the appearance is open', () => {
    const b = computeClipBounds(input({ open: true, after: [] }));
    expect(b).toMatchObject({ provisional: true, end: { mediaSequence: 103, index: 0 }, endBy: 'last-match' });
  });

  it('adds pre- and post-roll in whole frames', () => {
    const b = computeClipBounds(input({ preRollSeconds: 1, postRollSeconds: 0.5 }));
    expect(b.start).toEqual({ mediaSequence: 100, index: 45 });
    expect(b.end).toEqual({ mediaSequence: 103, index: 59 });
    expect(b.rollClamped).toBe(false);
  });

  it('clamps a roll at the edge of the recorded segments and says so', () => {
    const b = computeClipBounds(input({ firstMatch: at(100, 10, true), preRollSeconds: 2 }));
    expect(b.start).toEqual({ mediaSequence: 100, index: 0 });
    expect(b.rollClamped).toBe(true);
  });

  it('caps the clip at maxClipSeconds from its start', () => {
    const b = computeClipBounds(input({ maxClipSeconds: 3 }));
    expect(b.frameCount).toBe(90);
    expect(b.end).toEqual({ mediaSequence: 102, index: 44 });
    expect(b.capped).toBe(true);
  });

  it('fails clearly when the segment before a closing cut is not recorded', () => {
    const sparse = new FrameTimeline([
      { mediaSequence: 101, frameCount: 60, startTime: T0 + 2000, frameRate: 30 },
      { mediaSequence: 103, frameCount: 60, startTime: T0 + 6000, frameRate: 30 },
    ]);
    expect(() =>
      computeClipBounds(input({ timeline: sparse, lastMatch: at(101, 50), after: [at(103, 0, true)] })),
    ).toThrow(BoundsError);
    expect(() => computeClipBounds(input({ timeline: sparse }))).toThrow(/not one contiguous run/);
  });
});
