import { describe, expect, it } from 'vitest';
import { planSmartCut } from '../src/index';
import type { SourceFrame } from '../src/clip/source';
import { judgeNeighbours, psnr } from '../src/clip/verify';

/** Frames with a keyframe every `gop` frames. */
function frames(count: number, gop: number): SourceFrame[] {
  return Array.from({ length: count }, (_, i) => ({
    mediaSequence: Math.floor(i / 60),
    index: i % 60,
    global: i,
    pts: i * 3000,
    keyframe: i % gop === 0,
    byteOffset: i * 1000,
    decodeOrder: i,
  }));
}

describe('planSmartCut', () => {
  it.each([
    // [first, last, head, middle, tail]
    [50, 190, [50, 60], [60, 180], [180, 191]],
    [60, 239, undefined, [60, 240], undefined],
    [60, 299, undefined, [60, 300], undefined], // ends at the end of input
    [59, 120, [59, 60], [60, 120], [120, 121]],
    [0, 59, undefined, [0, 60], undefined],
  ])('first %i last %i', (first, last, head, middle, tail) => {
    const plan = planSmartCut(frames(300, 60), first, last);
    const span = (s?: { from: number; to: number }) => (s ? [s.from, s.to] : undefined);
    expect([span(plan.head), span(plan.middle), span(plan.tail)]).toEqual([head, middle, tail]);
  });

  it('plans nothing to copy when the range sits inside one GOP', () => {
    const plan = planSmartCut(frames(300, 60), 65, 110);
    expect(plan.middle).toBeUndefined();
    expect(plan.decodeFrom).toBe(60);
  });

  it('refuses a range with no keyframe before it', () => {
    const f = frames(120, 60).map((x) => ({ ...x, keyframe: x.global === 60 }));
    expect(() => planSmartCut(f, 10, 100)).toThrow(/no keyframe at or before the first frame/);
  });
});

describe('frame verification', () => {
  const a = new Uint8Array(100).fill(100);
  const b = new Uint8Array(100).fill(110);
  const c = new Uint8Array(100).fill(120);

  it('computes PSNR', () => {
    expect(psnr(a, a)).toBe(Infinity);
    expect(psnr(a, b)).toBeCloseTo(10 * Math.log10((255 * 255) / 100), 6);
  });

  it('passes only when the requested frame matches best', () => {
    expect(judgeNeighbours(b, b, [a, c], 30).passed).toBe(true);
    // the clip shows the neighbour: the requested frame loses
    expect(judgeNeighbours(a, b, [a, c], 30).passed).toBe(false);
  });

  it('fails below the PSNR floor even without better neighbours', () => {
    expect(judgeNeighbours(a, c, [], 30).passed).toBe(false);
  });
});
