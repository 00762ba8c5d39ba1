/**
 * Decodes CenterNet's `tower_0/detections` output. Layout, as read in @vladmandic/human's
 * src/object/centernet.ts: shape [1, 100, 6], each row `[x1, y1, x2, y2, score, class]` with
 * coordinates in model-input pixels (0..512), score 0..1 and class the 0-based COCO-80 index.
 * The graph already keeps only local heat-map peaks (top 100); a per-class IoU suppression here
 * removes the remaining near-duplicate boxes of one object.
 */
import type { BoundingBox } from '../types';

export interface RawDetection {
  classIndex: number;
  /** 0..1, as the model scores it. */
  score: number;
  /** Ratios of the original (unpadded) image. */
  box: BoundingBox;
}

export interface DecodeGeometry {
  /** Model pixels per original pixel. */
  scale: number;
  width: number;
  height: number;
  /**
   * Original-image pixel at model pixel (0, 0): 0 for the top-left anchored full view; the
   * second look (a region re-centred at another scale) starts elsewhere, possibly negative.
   * @default 0
   */
  originX?: number;
  originY?: number;
}

export const DETECTION_ROW_LENGTH = 6;

export function decodeDetections(
  rows: Float32Array | number[],
  geometry: DecodeGeometry,
  options: { scoreFloor: number; iouThreshold: number },
): RawDetection[] {
  const candidates: RawDetection[] = [];
  for (let offset = 0; offset + DETECTION_ROW_LENGTH <= rows.length; offset += DETECTION_ROW_LENGTH) {
    const [x1, y1, x2, y2, score, cls] = [0, 1, 2, 3, 4, 5].map((i) => rows[offset + i] ?? Number.NaN) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (!Number.isFinite(score) || score < options.scoreFloor || !Number.isInteger(cls) || cls < 0) continue;
    const box = toRatioBox(x1, y1, x2, y2, geometry);
    if (!box) continue;
    candidates.push({ classIndex: cls, score, box });
  }
  return suppressPerClass(candidates, options.iouThreshold);
}

/** Model-pixel corners → ratios of the original image; undefined when nothing is left inside it. */
function toRatioBox(x1: number, y1: number, x2: number, y2: number, g: DecodeGeometry): BoundingBox | undefined {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const ox = g.originX ?? 0;
  const oy = g.originY ?? 0;
  const left = clamp((ox + x1 / g.scale) / g.width);
  const top = clamp((oy + y1 / g.scale) / g.height);
  const right = clamp((ox + x2 / g.scale) / g.width);
  const bottom = clamp((oy + y2 / g.scale) / g.height);
  if (!(right > left) || !(bottom > top)) return undefined; // box lies in the padding
  return { Left: left, Top: top, Width: right - left, Height: bottom - top };
}

export function iou(a: BoundingBox, b: BoundingBox): number {
  const w = Math.min(a.Left + a.Width, b.Left + b.Width) - Math.max(a.Left, b.Left);
  const h = Math.min(a.Top + a.Height, b.Top + b.Height) - Math.max(a.Top, b.Top);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.Width * a.Height + b.Width * b.Height - inter);
}

function suppressPerClass(candidates: RawDetection[], threshold: number): RawDetection[] {
  const kept: RawDetection[] = [];
  for (const det of [...candidates].sort((a, b) => b.score - a.score)) {
    if (kept.some((k) => k.classIndex === det.classIndex && iou(k.box, det.box) > threshold)) continue;
    kept.push(det);
  }
  return kept;
}
