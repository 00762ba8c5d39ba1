import { describe, expect, it } from 'vitest';
import type { RawDetection } from '../src/local/centernet-decode';
import {
  centernetCatScale,
  CENTERNET_CAT_OPERATING_EVIDENCE,
  fuseCats,
  needsSecondOpinion,
  ssdCatEvidence,
} from '../src/local/cat-fusion';
import { CAT_CLASS } from '../src/local/second-look';
import { SSD_CAT_COLUMN, SSD_RIVAL_COLUMNS, summariseSsd, type SsdSummary } from '../src/local/ssd-summary';
import type { BoundingBox } from '../src/types';

const box = (Left: number, Top: number, Width: number, Height: number): BoundingBox => ({ Left, Top, Width, Height });
const det = (classIndex: number, score: number, b = box(0.1, 0.1, 0.5, 0.5)): RawDetection => ({
  classIndex,
  score,
  box: b,
});
const ssd = (cat: number, rival: number, catBox = box(0.2, 0.3, 0.4, 0.5)): SsdSummary => ({ cat, rival, catBox });
const DOG = 16;
const CUP = 41;

describe('summariseSsd', () => {
  const classes = 90;
  const anchors = 3;
  const scores = new Float32Array(anchors * classes);
  const boxes = new Float32Array([0, 0, 1, 1, 0.1, 0.2, 0.6, 0.9, -0.1, 0.5, 0.4, 1.2]);
  scores[1 * classes + SSD_CAT_COLUMN] = 0.8; // anchor 1: cat
  scores[2 * classes + SSD_CAT_COLUMN] = 0.3;
  scores[2 * classes + 17] = 0.6; // anchor 2: dog (COCO id 18)
  scores[0 * classes + 0] = 0.99; // person: neither cat nor rival

  it('takes the best cat, the best rival and the best cat anchor box ([ymin, xmin, ymax, xmax] → ratios)', () => {
    const s = summariseSsd(scores, boxes, anchors, classes);
    expect(s.cat).toBeCloseTo(0.8);
    expect(s.rival).toBeCloseTo(0.6);
    expect(s.catBox.Left).toBeCloseTo(0.2);
    expect(s.catBox.Top).toBeCloseTo(0.1);
    expect(s.catBox.Width).toBeCloseTo(0.7);
    expect(s.catBox.Height).toBeCloseTo(0.5);
  });

  it('counts the same animals as CenterNet as rivals (dog, bear, teddy bear …), not people', () => {
    expect(SSD_RIVAL_COLUMNS).toContain(17); // dog
    expect(SSD_RIVAL_COLUMNS).toContain(22); // bear
    expect(SSD_RIVAL_COLUMNS).toContain(87); // teddy bear
    expect(SSD_RIVAL_COLUMNS).not.toContain(0);
  });

  it('rejects outputs shorter than their stated shape', () => {
    expect(() => summariseSsd(new Float32Array(10), boxes, anchors, classes)).toThrow(RangeError);
  });
});

describe('Cat fusion', () => {
  it('maps CenterNet evidence so its old operating point is 0.55', () => {
    expect(centernetCatScale(CENTERNET_CAT_OPERATING_EVIDENCE)).toBeCloseTo(0.55, 6);
    expect(centernetCatScale(0)).toBe(0);
    expect(centernetCatScale(1)).toBe(1);
  });

  it('runs the second opinion only when the first pass saw an animal at or above the floor', () => {
    expect(needsSecondOpinion([det(CUP, 0.9)])).toBe(false);
    expect(needsSecondOpinion([det(DOG, 0.09)])).toBe(false);
    expect(needsSecondOpinion([det(DOG, 0.2)])).toBe(true);
    expect(needsSecondOpinion([det(CAT_CLASS, 0.1)])).toBe(true);
  });

  it("scores SSD's cat with the same competition: min(cat, 2 · (cat − rival)), ≥ 0", () => {
    expect(ssdCatEvidence(ssd(0.95, 0.05))).toBeCloseTo(0.95);
    expect(ssdCatEvidence(ssd(0.85, 0.62))).toBeCloseTo(0.46);
    expect(ssdCatEvidence(ssd(0.02, 0.9))).toBe(0);
  });

  it('averages each CenterNet cat with SSD and leaves other classes alone', () => {
    const dog = det(DOG, 0.7);
    const out = fuseCats([det(CAT_CLASS, 0.2), dog], ssd(0.9, 0.1));
    expect(out).toHaveLength(2);
    expect(out[0]?.score).toBeCloseTo((0.55 + 0.9) / 2);
    expect(out[1]).toEqual(dog);
  });

  it('halves a cat only one model sees: CenterNet alone, or SSD alone (with its box)', () => {
    expect(fuseCats([det(CAT_CLASS, 0.2)], undefined)[0]?.score).toBeCloseTo(0.275);
    const out = fuseCats([det(DOG, 0.4)], ssd(0.95, 0.05));
    const cat = out.find((d) => d.classIndex === CAT_CLASS);
    expect(cat?.score).toBeCloseTo(0.475);
    expect(cat?.box).toEqual(box(0.2, 0.3, 0.4, 0.5));
  });

  it('adds no cat when SSD sees none and CenterNet has none', () => {
    expect(fuseCats([det(DOG, 0.8)], ssd(0.02, 0.9))).toEqual([det(DOG, 0.8)]);
  });
});
