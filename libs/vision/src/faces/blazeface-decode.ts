/**
 * Decodes BlazeFace (the `blazeface.json` "back" model shipped in @vladmandic/human: input
 * 256x256, four outputs) into face boxes. Layout, as read in human's src/face/blazeface.ts and
 * facemeshutil.ts: 896 anchors — a 16x16 grid with 2 anchors per cell (stride 16), then an 8x8
 * grid with 6 per cell (stride 32); each anchor has a score logit and 16 regressors
 * `[cx, cy, w, h, 6 x (x, y) keypoints]` in input pixels, centres relative to the anchor centre.
 * Pure: no tensors here, so it is unit-tested without the model.
 */
import type { BoundingBox } from '../types';
import { iou } from '../local/centernet-decode';

export const BLAZEFACE_INPUT_SIZE = 256;
export const BLAZEFACE_REGRESSORS = 16;

export interface FaceDetection {
  /** 0..1 (sigmoid of the logit). */
  score: number;
  /** The tight face box, as ratios of the original (unpadded) image. */
  box: BoundingBox;
}

/** Anchor centres in input pixels, in the model's output order. */
export function blazefaceAnchors(inputSize = BLAZEFACE_INPUT_SIZE): [number, number][] {
  const anchors: [number, number][] = [];
  for (const [stride, perCell] of [
    [inputSize / 16, 2],
    [inputSize / 8, 6],
  ] as const) {
    const cells = Math.ceil(inputSize / stride);
    for (let y = 0; y < cells; y++) {
      for (let x = 0; x < cells; x++) {
        for (let n = 0; n < perCell; n++) anchors.push([stride * (x + 0.5), stride * (y + 0.5)]);
      }
    }
  }
  return anchors;
}

export interface BlazefaceOutputs {
  /** Logits, one per anchor (stride-16 anchors first, then stride-32). */
  logits: Float32Array | number[];
  /** `BLAZEFACE_REGRESSORS` values per anchor, same order. */
  regressors: Float32Array | number[];
}

export interface FaceDecodeOptions {
  /** Faces scoring below this (0..1) are dropped. */
  minScore: number;
  /** Boxes overlapping a better one by more than this IoU are the same face. */
  iouThreshold: number;
  /** Model pixels per original pixel (the input was padded top-left, not stretched). */
  scale: number;
  width: number;
  height: number;
}

export function decodeFaces(
  outputs: BlazefaceOutputs,
  options: FaceDecodeOptions,
  inputSize = BLAZEFACE_INPUT_SIZE,
): FaceDetection[] {
  const anchors = blazefaceAnchors(inputSize);
  if (outputs.logits.length !== anchors.length || outputs.regressors.length !== anchors.length * BLAZEFACE_REGRESSORS) {
    throw new RangeError(
      `BlazeFace output has ${outputs.logits.length} scores and ${outputs.regressors.length} regressors; expected ${anchors.length} and ${anchors.length * BLAZEFACE_REGRESSORS}`,
    );
  }
  const candidates: FaceDetection[] = [];
  anchors.forEach(([ax, ay], i) => {
    const score = 1 / (1 + Math.exp(-(outputs.logits[i] ?? Number.NaN)));
    if (!(score >= options.minScore)) return;
    const r = i * BLAZEFACE_REGRESSORS;
    const [cx, cy, w, h] = [0, 1, 2, 3].map((k) => outputs.regressors[r + k] ?? Number.NaN) as [
      number,
      number,
      number,
      number,
    ];
    const box = toRatioBox(ax + cx - w / 2, ay + cy - h / 2, ax + cx + w / 2, ay + cy + h / 2, options);
    if (box) candidates.push({ score, box });
  });
  const kept: FaceDetection[] = [];
  for (const face of candidates.sort((a, b) => b.score - a.score)) {
    if (!kept.some((k) => iou(k.box, face.box) > options.iouThreshold)) kept.push(face);
  }
  return kept;
}

function toRatioBox(x1: number, y1: number, x2: number, y2: number, g: FaceDecodeOptions): BoundingBox | undefined {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const left = clamp(x1 / g.scale / g.width);
  const top = clamp(y1 / g.scale / g.height);
  const right = clamp(x2 / g.scale / g.width);
  const bottom = clamp(y2 / g.scale / g.height);
  if (!Number.isFinite(left + top + right + bottom) || !(right > left) || !(bottom > top)) return undefined;
  return { Left: left, Top: top, Width: right - left, Height: bottom - top };
}

/**
 * The region the embedding model reads: the face box enlarged 1.4x around its centre and made
 * square in pixels (human's `enlargeBox` + `squarifyBox` defaults), in ratios; it may extend past
 * the image (those pixels read as black).
 */
export function embeddingRegion(box: BoundingBox, width: number, height: number, enlarge = 1.4): BoundingBox {
  const cx = (box.Left + box.Width / 2) * width;
  const cy = (box.Top + box.Height / 2) * height;
  const side = Math.max(box.Width * width, box.Height * height) * enlarge;
  return { Left: (cx - side / 2) / width, Top: (cy - side / 2) / height, Width: side / width, Height: side / height };
}
