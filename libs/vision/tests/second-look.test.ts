import { describe, expect, it } from 'vitest';
import { decodeDetections, type RawDetection } from '../src/local/centernet-decode';
import {
  CAT_CLASS,
  candidateRegion,
  catEvidence,
  pickCandidate,
  planSecondLook,
  scoreCats,
  SECOND_LOOK_MAX_UPSCALE,
  SECOND_LOOK_SPAN,
} from '../src/local/second-look';
import type { BoundingBox } from '../src/types';

const box = (Left: number, Top: number, Width: number, Height: number): BoundingBox => ({ Left, Top, Width, Height });
const det = (classIndex: number, score: number, b: BoundingBox): RawDetection => ({ classIndex, score, box: b });
const DOG = 16;
const BEAR = 21;
const CUP = 41;

describe('pickCandidate', () => {
  it('takes the best cat at or above the floor, ignoring other classes', () => {
    const first = [
      det(DOG, 0.9, box(0, 0, 1, 1)),
      det(CAT_CLASS, 0.12, box(0, 0, 0.5, 0.5)),
      det(CAT_CLASS, 0.3, box(0.5, 0.5, 0.5, 0.5)),
    ];
    expect(pickCandidate(first)?.score).toBe(0.3);
    expect(pickCandidate([det(CAT_CLASS, 0.09, box(0, 0, 1, 1)), det(DOG, 0.8, box(0, 0, 1, 1))])).toBeUndefined();
  });
});

describe('planSecondLook', () => {
  it('zooms out of a close-up: the box spans SECOND_LOOK_SPAN of the input, centred, grey around it', () => {
    const plan = planSecondLook(box(0.1, 0.1, 0.8, 0.8), 1000, 1000, 512);
    expect(plan.extract).toEqual({ left: 0, top: 0, width: 1000, height: 1000 });
    expect(plan.resized.width).toBe(Math.round((1000 * (SECOND_LOOK_SPAN * 512)) / 800));
    expect(plan.pad.left + plan.resized.width + plan.pad.right).toBe(512);
    expect(plan.pad.top + plan.resized.height + plan.pad.bottom).toBe(512);
    expect(Math.abs(plan.pad.left - plan.pad.right)).toBeLessThanOrEqual(1);
  });

  it('crops and enlarges a small cat, at most SECOND_LOOK_MAX_UPSCALE times', () => {
    // A 40x30 px cat in a 640x360 frame.
    const plan = planSecondLook(box(300 / 640, 100 / 360, 40 / 640, 30 / 360), 640, 360, 512);
    expect(plan.geometry.scale).toBeCloseTo(SECOND_LOOK_MAX_UPSCALE, 1);
    expect(plan.extract.width).toBe(128);
    expect(plan.extract.left).toBe(256);
    expect(plan.pad).toEqual({ left: 0, top: 0, right: 0, bottom: 0 });
  });

  it('maps a detection on the second look back onto the box it came from', () => {
    const cat = box(0.62, 0.05, 0.3, 0.5);
    const plan = planSecondLook(cat, 1280, 720, 512);
    // Where the cat's corners land in the second look's model pixels.
    const toModel = (x: number, y: number) => [
      (x - plan.geometry.originX!) * plan.geometry.scale,
      (y - plan.geometry.originY!) * plan.geometry.scale,
    ];
    const [x1, y1] = toModel(cat.Left * 1280, cat.Top * 720);
    const [x2, y2] = toModel((cat.Left + cat.Width) * 1280, (cat.Top + cat.Height) * 720);
    const [back] = decodeDetections([x1!, y1!, x2!, y2!, 0.7, CAT_CLASS], plan.geometry, {
      scoreFloor: 0.05,
      iouThreshold: 0.5,
    });
    expect(back?.box.Left).toBeCloseTo(cat.Left, 3);
    expect(back?.box.Top).toBeCloseTo(cat.Top, 3);
    expect(back?.box.Width).toBeCloseTo(cat.Width, 3);
    expect(back?.box.Height).toBeCloseTo(cat.Height, 3);
  });
});

describe('candidateRegion', () => {
  it('grows a head-only cat box to the animal boxes on the same region, not to unrelated ones', () => {
    const head = det(CAT_CLASS, 0.4, box(0.4, 0.1, 0.2, 0.2));
    const body = det(DOG, 0.3, box(0.3, 0.1, 0.5, 0.7));
    const elsewhere = det(DOG, 0.9, box(0.0, 0.85, 0.1, 0.1));
    const cup = det(CUP, 0.9, box(0.2, 0.0, 0.6, 0.6));
    const region = candidateRegion([head, body, elsewhere, cup], head);
    expect(region.Left).toBeCloseTo(0.3);
    expect(region.Width).toBeCloseTo(0.5);
    expect(region.Height).toBeCloseTo(0.7);
  });
});

describe('catEvidence (class competition on the same region)', () => {
  const region = box(0.2, 0.2, 0.5, 0.5);

  it('keeps a clear cat, and drops a cat that does not outscore the dog or bear on its region', () => {
    const cat = det(CAT_CLASS, 0.6, region);
    expect(catEvidence(cat, [[cat, det(DOG, 0.1, region)]])).toBeCloseTo(0.6);
    expect(catEvidence(cat, [[cat, det(DOG, 0.65, region)]])).toBe(0);
    // 0.1 ahead of its rival → 0.2, the calibrated operating point.
    const close = det(CAT_CLASS, 0.4, region);
    expect(catEvidence(close, [[close, det(BEAR, 0.3, region)]])).toBeCloseTo(0.2);
  });

  it('ignores rivals on another region and non-animal classes', () => {
    const cat = det(CAT_CLASS, 0.5, region);
    expect(catEvidence(cat, [[cat, det(DOG, 0.9, box(0.8, 0.8, 0.2, 0.2)), det(CUP, 0.9, region)]])).toBeCloseTo(0.5);
  });

  it('averages the looks: a second look that sees a dog outvotes a weak first-pass cat', () => {
    const cat = det(CAT_CLASS, 0.34, region);
    const first = [cat, det(DOG, 0.18, region)];
    const second = [det(DOG, 0.66, region), det(CAT_CLASS, 0.11, region)];
    expect(catEvidence(cat, [first])).toBeCloseTo(0.32);
    expect(catEvidence(cat, [first, second])).toBe(0);
  });
});

describe('scoreCats', () => {
  it('scores cats on the second look region over both looks, other cats over the first, and leaves other classes alone', () => {
    const near = det(CAT_CLASS, 0.3, box(0.2, 0.2, 0.3, 0.3));
    const far = det(CAT_CLASS, 0.5, box(0.8, 0.8, 0.15, 0.15));
    const dog = det(DOG, 0.2, box(0.2, 0.2, 0.3, 0.3));
    const second = [det(CAT_CLASS, 0.7, box(0.2, 0.2, 0.3, 0.3))];
    const out = scoreCats([near, far, dog], box(0.15, 0.15, 0.4, 0.4), second);
    expect(out[0]?.score).toBeCloseTo(Math.min(0.5, 2 * (0.5 - 0.1))); // cat (0.3+0.7)/2, rival (0.2+0)/2
    expect(out[1]?.score).toBeCloseTo(0.5);
    expect(out[2]).toBe(dog);
  });
});
