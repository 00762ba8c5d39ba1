import { describe, expect, it } from 'vitest';
import { decodeDetections, iou } from '../src/local/centernet-decode';

const opts = { scoreFloor: 0.1, iouThreshold: 0.5 };

describe('decodeDetections', () => {
  it('turns model-pixel corners into ratios of the original, unpadded image', () => {
    // 1000x500 original → scale 0.512, content occupies the top 256 rows of the 512 input.
    const geometry = { scale: 512 / 1000, width: 1000, height: 500 };
    const [det] = decodeDetections([51.2, 25.6, 256, 128, 0.6, 15], geometry, opts);
    expect(det?.classIndex).toBe(15);
    expect(det?.score).toBeCloseTo(0.6);
    expect(det?.box.Left).toBeCloseTo(0.1);
    expect(det?.box.Top).toBeCloseTo(0.1);
    expect(det?.box.Width).toBeCloseTo(0.4);
    expect(det?.box.Height).toBeCloseTo(0.4);
  });

  it('clamps to the image and drops boxes that lie wholly in the padding', () => {
    const geometry = { scale: 512 / 1000, width: 1000, height: 500 };
    const rows = [-10, -10, 600, 200, 0.5, 0, /* in padding: */ 10, 300, 100, 400, 0.9, 0];
    const dets = decodeDetections(rows, geometry, opts);
    expect(dets).toHaveLength(1);
    expect(dets[0]?.box).toMatchObject({ Left: 0, Top: 0, Width: 1 });
  });

  it('drops low scores and NaN classes, and suppresses overlapping boxes of the same class only', () => {
    const geometry = { scale: 1, width: 512, height: 512 };
    const rows = [
      0,
      0,
      100,
      100,
      0.9,
      15,
      2,
      2,
      102,
      102,
      0.8,
      15, // same object, same class → suppressed
      2,
      2,
      102,
      102,
      0.7,
      16, // same place, other class → kept
      300,
      300,
      400,
      400,
      0.5,
      15, // second cat → kept
      0,
      0,
      10,
      10,
      0.05,
      1, // below floor
      0,
      0,
      10,
      10,
      0.9,
      Number.NaN,
    ];
    const dets = decodeDetections(rows, geometry, opts);
    expect(dets.map((d) => [d.classIndex, d.score])).toEqual([
      [15, 0.9],
      [16, 0.7],
      [15, 0.5],
    ]);
  });

  it('computes IoU', () => {
    const a = { Left: 0, Top: 0, Width: 2, Height: 2 };
    expect(iou(a, a)).toBe(1);
    expect(iou(a, { Left: 1, Top: 0, Width: 2, Height: 2 })).toBeCloseTo(2 / 6);
    expect(iou(a, { Left: 5, Top: 5, Width: 1, Height: 1 })).toBe(0);
  });
});
