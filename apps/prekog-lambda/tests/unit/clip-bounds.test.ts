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

  describe('at a break in the timeline (segment 102 missing: a gap)', () => {
    const broken = new FrameTimeline(
      [100, 101, 103, 104].map((seq) => ({
        mediaSequence: seq,
        frameCount: 60,
        startTime: T0 + (seq - 100) * 2000,
        frameRate: 30,
      })),
    );

    it('ends a scene the gap closed at the last frame before the gap, not at the last match', () => {
      // The last sample that saw the cat is 101/45; the scene ran on into the gap.
      const b = computeClipBounds(
        input({ timeline: broken, lastMatch: at(101, 45), after: [at(103, 0, true)], closedByBreak: 'gap' }),
      );
      expect(b).toMatchObject({ start: { mediaSequence: 101, index: 15 }, startBy: 'cut' });
      expect(b).toMatchObject({ end: { mediaSequence: 101, index: 59 }, endBy: 'break', frameCount: 45 });
      expect(b.cutShortBy).toBe('gap');
    });

    it('still ends at a cut or a non-matching sample that came before the gap', () => {
      const cut = computeClipBounds(
        input({ timeline: broken, lastMatch: at(101, 30), after: [at(101, 50, true)], closedByBreak: 'gap' }),
      );
      expect(cut).toMatchObject({ end: { mediaSequence: 101, index: 49 }, endBy: 'cut' });
      const miss = computeClipBounds(
        input({ timeline: broken, lastMatch: at(101, 30), after: [at(101, 40)], closedByBreak: 'gap' }),
      );
      expect(miss).toMatchObject({ end: { mediaSequence: 101, index: 39 }, endBy: 'samples' });
      expect([cut.cutShortBy, miss.cutShortBy]).toEqual([undefined, undefined]);
    });

    it('starts a scene seen first after the gap at the first frame after it, ignoring samples across the gap', () => {
      // The cut at 101/15 is across the gap: the scene in view after it starts at 103/0 at the earliest.
      const b = computeClipBounds(
        input({
          timeline: broken,
          firstMatch: at(103, 20),
          before: [at(101, 50), at(101, 15, true)],
          lastMatch: at(103, 20),
          after: [at(104, 0, true)],
        }),
      );
      expect(b).toMatchObject({ start: { mediaSequence: 103, index: 0 }, startBy: 'break' });
      expect(b).toMatchObject({ end: { mediaSequence: 103, index: 59 }, endBy: 'cut', frameCount: 60 });
      expect(b.cutShortBy).toBe('gap');
    });

    it("ends at the restart although a later epoch's sample has the same frame reference", () => {
      // After an encoder restart the new timeline's sample 101/50 comes 30 s later: not this run's frame.
      const later = { ...at(101, 50), time: at(101, 50).time + 30_000 };
      const b = computeClipBounds(
        input({ timeline: broken, lastMatch: at(101, 45), after: [later], closedByBreak: 'reset' }),
      );
      expect(b).toMatchObject({ end: { mediaSequence: 101, index: 59 }, endBy: 'break', cutShortBy: 'reset' });
    });

    it('starts a scene in view at the first frame of a restarted timeline as cut short by the reset', () => {
      const fresh = { firstMatch: at(103, 20), before: [], lastMatch: at(103, 20), after: [at(104, 0, true)] };
      const restarted = computeClipBounds(input({ timeline: broken, ...fresh, epoch: 1 }));
      expect(restarted).toMatchObject({
        start: { mediaSequence: 103, index: 0 },
        startBy: 'break',
        cutShortBy: 'reset',
      });
      // The first frames a channel ever recorded (epoch 0, nothing sampled before): a whole scene as far as is known.
      const first = computeClipBounds(input({ timeline: broken, ...fresh }));
      expect(first).toMatchObject({ start: { mediaSequence: 103, index: 0 }, startBy: 'break' });
      expect(first).not.toHaveProperty('cutShortBy');
    });
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
