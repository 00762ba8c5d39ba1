/**
 * The Cat decision of the local detector, in two stages (README, "Cat decision"):
 *
 * 1. **Second look at a canonical scale.** CenterNet (COCO) is most sure of an animal that spans
 *    about half of its input; a close-up that fills the frame (most pet photos) or a small cat in
 *    a wide video frame scores low and close to Dog. The best Cat candidate of the first pass is
 *    looked at again: its region is re-centred and rescaled so that its longer side spans
 *    `SECOND_LOOK_SPAN` of the model input (a zoom-out for a close-up, a crop-and-enlarge for a
 *    small cat, at most `SECOND_LOOK_MAX_UPSCALE`x), with grey context around it.
 * 2. **Class competition on the same region.** A Cat box must outscore the other animals and the
 *    teddy bear *on that region*, averaged over both looks: the evidence is
 *    `min(cat, 2 · (cat − rival))`, so a clear cat keeps its score, and a cat only 0.1 above
 *    its strongest rival drops to 0.2 (the calibrated operating point, confidence 55).
 *
 * Everything here is pure (numbers in, numbers out); local-detector.ts runs the passes.
 */
import type { BoundingBox } from '../types';
import type { DecodeGeometry, RawDetection } from './centernet-decode';

/** COCO class index of cat. */
export const CAT_CLASS = 15;

/** Classes a cat competes with on its region: bird, dog … giraffe, teddy bear (COCO indices). */
export const CAT_RIVAL_CLASSES: ReadonlySet<number> = new Set([14, 16, 17, 18, 19, 20, 21, 22, 23, 77]);

/** A first-pass cat below this raw score gets no second look (most frames: no cat at all). */
export const SECOND_LOOK_FLOOR = 0.1;

/** The candidate's longer side spans this fraction of the model input on the second look. */
export const SECOND_LOOK_SPAN = 0.35;

/** Small candidates are enlarged at most this much (more only magnifies JPEG blocks). */
export const SECOND_LOOK_MAX_UPSCALE = 4;

/** Two boxes are the same region when their intersection covers this much of the smaller box. */
export const SAME_REGION_OVERLAP = 0.3;

/** Weight of the rival in the evidence: a cat must lead its rival by (operating point / 2). */
export const COMPETITION_WEIGHT = 2;

/** Where the second look takes its pixels from and how they map back (original pixels). */
export interface SecondLookPlan {
  /** Region of the original image to extract (integers, inside the image). */
  extract: { left: number; top: number; width: number; height: number };
  /** Size of the extracted region after resizing (model pixels). */
  resized: { width: number; height: number };
  /** Grey padding around the resized region, filling the square model input. */
  pad: { left: number; top: number; right: number; bottom: number };
  /** Maps the second look's model pixels back onto the original image. */
  geometry: DecodeGeometry;
}

/** The best first-pass cat worth a second look, or undefined. */
export function pickCandidate(first: readonly RawDetection[], floor = SECOND_LOOK_FLOOR): RawDetection | undefined {
  let best: RawDetection | undefined;
  for (const det of first) {
    if (det.classIndex === CAT_CLASS && det.score >= floor && (!best || det.score > best.score)) best = det;
  }
  return best;
}

/**
 * The region to look at again: the candidate's box joined with every first-pass animal box
 * (cat or rival, ≥ the floor) on the same region — a head-only cat box grows to the whole animal,
 * so the second look sees the body a dog's head would come with.
 */
export function candidateRegion(
  first: readonly RawDetection[],
  candidate: RawDetection,
  floor = SECOND_LOOK_FLOOR,
): BoundingBox {
  let l = candidate.box.Left,
    t = candidate.box.Top;
  let r = l + candidate.box.Width,
    b = t + candidate.box.Height;
  for (const det of first) {
    if (det.score < floor || !(det.classIndex === CAT_CLASS || CAT_RIVAL_CLASSES.has(det.classIndex))) continue;
    if (overlapOfSmaller(det.box, candidate.box) < SAME_REGION_OVERLAP) continue;
    l = Math.min(l, det.box.Left);
    t = Math.min(t, det.box.Top);
    r = Math.max(r, det.box.Left + det.box.Width);
    b = Math.max(b, det.box.Top + det.box.Height);
  }
  return { Left: l, Top: t, Width: r - l, Height: b - t };
}

/** Plans the second look at `box` (ratios) of a `width` x `height` image for a `size`² model input. */
export function planSecondLook(
  box: BoundingBox,
  width: number,
  height: number,
  size: number,
  span = SECOND_LOOK_SPAN,
): SecondLookPlan {
  const longer = Math.max(box.Width * width, box.Height * height, 1);
  const scale = Math.min(SECOND_LOOK_MAX_UPSCALE, (span * size) / longer);
  const side = size / scale; // original pixels covered by the model input
  const x0 = (box.Left + box.Width / 2) * width - side / 2;
  const y0 = (box.Top + box.Height / 2) * height - side / 2;
  const left = clamp(Math.round(x0), 0, width - 1);
  const top = clamp(Math.round(y0), 0, height - 1);
  const right = clamp(Math.round(x0 + side), left + 1, width);
  const bottom = clamp(Math.round(y0 + side), top + 1, height);
  const extract = { left, top, width: right - left, height: bottom - top };
  const resized = {
    width: clamp(Math.round(extract.width * scale), 1, size),
    height: clamp(Math.round(extract.height * scale), 1, size),
  };
  const padLeft = clamp(Math.round((left - x0) * scale), 0, size - resized.width);
  const padTop = clamp(Math.round((top - y0) * scale), 0, size - resized.height);
  const pad = {
    left: padLeft,
    top: padTop,
    right: size - resized.width - padLeft,
    bottom: size - resized.height - padTop,
  };
  // The exact scale of the resize (rounding), so boxes map back onto the right pixels.
  const exact = resized.width / extract.width;
  return {
    extract,
    resized,
    pad,
    geometry: { scale: exact, width, height, originX: left - padLeft / exact, originY: top - padTop / exact },
  };
}

/** Intersection over the smaller box's area (a head box inside a body box is the same region). */
export function overlapOfSmaller(a: BoundingBox, b: BoundingBox): number {
  const w = Math.min(a.Left + a.Width, b.Left + b.Width) - Math.max(a.Left, b.Left);
  const h = Math.min(a.Top + a.Height, b.Top + b.Height) - Math.max(a.Top, b.Top);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / Math.max(1e-12, Math.min(a.Width * a.Height, b.Width * b.Height));
}

/** Best score of the given classes on `region` among `detections`, 0 when none. */
export function bestOnRegion(
  detections: readonly RawDetection[],
  region: BoundingBox,
  classes: (c: number) => boolean,
): number {
  let best = 0;
  for (const det of detections) {
    if (classes(det.classIndex) && det.score > best && overlapOfSmaller(det.box, region) >= SAME_REGION_OVERLAP)
      best = det.score;
  }
  return best;
}

/**
 * Cat evidence of one first-pass cat over one or more looks (the first pass, then the second
 * look's detections mapped onto the original image): its own score in the first look and the
 * best cat on its region in the others, averaged; the strongest rival on its region, averaged;
 * then `min(cat, 2 · (cat − rival))`, floored at 0.
 */
export function catEvidence(cat: RawDetection, looks: ReadonlyArray<readonly RawDetection[]>): number {
  if (looks.length === 0) return 0;
  let catSum = 0;
  let rivalSum = 0;
  looks.forEach((look, i) => {
    catSum += i === 0 ? cat.score : bestOnRegion(look, cat.box, (c) => c === CAT_CLASS);
    rivalSum += bestOnRegion(look, cat.box, (c) => CAT_RIVAL_CLASSES.has(c));
  });
  const catScore = catSum / looks.length;
  const rival = rivalSum / looks.length;
  return Math.max(0, Math.min(catScore, COMPETITION_WEIGHT * (catScore - rival)));
}

/**
 * The first pass's detections with every cat scored by its evidence: over both looks when the
 * cat lies on the region the second look saw, over the first look alone otherwise.
 */
export function scoreCats(
  first: readonly RawDetection[],
  region: BoundingBox | undefined,
  second: readonly RawDetection[] | undefined,
): RawDetection[] {
  return first.map((det) => {
    if (det.classIndex !== CAT_CLASS) return det;
    const seenTwice = region && second && overlapOfSmaller(det.box, region) >= SAME_REGION_OVERLAP;
    return { ...det, score: catEvidence(det, seenTwice ? [first, second] : [first]) };
  });
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
