/**
 * The SSD second opinion's raw outputs → what the Cat decision uses (pure, unit-tested).
 * The model is coco-ssd's SSD MobileNetV2 (TF Object Detection API, COCO-90 label ids), cut
 * before its post-processing as `@tensorflow-models/coco-ssd` runs it: `scores` `[1, N, 90]`
 * (sigmoid, column j = COCO id j + 1) and `boxes` `[1, N, 1, 4]` (`[ymin, xmin, ymax, xmax]`
 * as ratios of the whole input image, which the graph stretches to 300x300).
 */
import type { BoundingBox } from '../types';

/** Score column of COCO id 17, cat. */
export const SSD_CAT_COLUMN = 16;

/**
 * Score columns of the classes that compete with a cat (COCO ids 16 bird, 18 dog, 19 horse,
 * 20 sheep, 21 cow, 22 elephant, 23 bear, 24 zebra, 25 giraffe, 88 teddy bear): the same
 * animals as CenterNet's `CAT_RIVAL_CLASSES`.
 */
export const SSD_RIVAL_COLUMNS: readonly number[] = [15, 17, 18, 19, 20, 21, 22, 23, 24, 87];

export interface SsdSummary {
  /** Best cat score over all anchors. */
  cat: number;
  /** Best score of any rival class over all anchors. */
  rival: number;
  /** Box of the anchor with the best cat score (ratios of the original image). */
  catBox: BoundingBox;
}

/** Per-image best cat score, best rival score and the best cat anchor's box. */
export function summariseSsd(scores: Float32Array, boxes: Float32Array, anchors: number, classes: number): SsdSummary {
  if (scores.length < anchors * classes || boxes.length < anchors * 4 || classes <= SSD_CAT_COLUMN)
    throw new RangeError(`SSD outputs too short for ${anchors} anchors x ${classes} classes`);
  let cat = 0;
  let catAnchor = 0;
  let rival = 0;
  for (let i = 0; i < anchors; i++) {
    const row = i * classes;
    const c = scores[row + SSD_CAT_COLUMN]!;
    if (c > cat) {
      cat = c;
      catAnchor = i;
    }
    for (const col of SSD_RIVAL_COLUMNS) {
      if (col < classes && scores[row + col]! > rival) rival = scores[row + col]!;
    }
  }
  return { cat, rival, catBox: anchorBox(boxes, catAnchor) };
}

function anchorBox(boxes: Float32Array, anchor: number): BoundingBox {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const [y1, x1, y2, x2] = [0, 1, 2, 3].map((k) => clamp(boxes[anchor * 4 + k]!)) as [number, number, number, number];
  return { Left: x1, Top: y1, Width: Math.max(0, x2 - x1), Height: Math.max(0, y2 - y1) };
}
