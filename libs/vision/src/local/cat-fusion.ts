/**
 * Stage 3 of the Cat decision (pure, unit-tested): CenterNet's cat evidence (second-look.ts) is
 * averaged with a second opinion from a different detector, SSD MobileNetV2 COCO (ssd-summary.ts).
 * The two models fail on different pictures (README, "Cat decision"): CenterNet misses hairless
 * and some long-haired cats that SSD sees, SSD calls some cats dogs that CenterNet gets right, and
 * a fluffy dog one of them calls a cat rarely fools both. Averaging means a cat seen by one model
 * alone must be seen clearly, and a cat seen by both passes easily.
 */
import type { RawDetection } from './centernet-decode';
import { CAT_CLASS, CAT_RIVAL_CLASSES, COMPETITION_WEIGHT, SECOND_LOOK_FLOOR } from './second-look';
import type { SsdSummary } from './ssd-summary';

/**
 * CenterNet's cat evidence that meant confidence 55 before fusion; its curve
 * `(evidence / 1) ^ γ` with `γ = ln 0.55 / ln 0.2` puts both models' evidence on a 0..1 scale
 * where a cat clear to one model is near 1 before they are averaged.
 */
export const CENTERNET_CAT_OPERATING_EVIDENCE = 0.2;

/** Runs the second opinion only when the first pass saw some animal, so most video samples cost one pass. */
export function needsSecondOpinion(first: readonly RawDetection[], floor = SECOND_LOOK_FLOOR): boolean {
  return first.some((d) => (d.classIndex === CAT_CLASS || CAT_RIVAL_CLASSES.has(d.classIndex)) && d.score >= floor);
}

/** SSD's cat evidence with the same class competition as CenterNet's: `min(cat, 2 · (cat − rival))`, ≥ 0. */
export function ssdCatEvidence(ssd: SsdSummary): number {
  return Math.max(0, Math.min(ssd.cat, COMPETITION_WEIGHT * (ssd.cat - ssd.rival)));
}

/** CenterNet cat evidence → 0..1 on the curve that mapped its operating point to 0.55. */
export function centernetCatScale(evidence: number): number {
  const gamma = Math.log(0.55) / Math.log(CENTERNET_CAT_OPERATING_EVIDENCE);
  return Math.min(1, Math.max(0, evidence)) ** gamma;
}

/**
 * Every CenterNet cat's score becomes the mean of its scaled evidence and SSD's (SSD's is
 * image-wide: 0 when the second opinion did not run). When CenterNet has no cat but SSD does,
 * SSD's best cat box is added with half its evidence. Other detections are unchanged.
 */
export function fuseCats(final: readonly RawDetection[], ssd: SsdSummary | undefined): RawDetection[] {
  const ssdEvidence = ssd ? ssdCatEvidence(ssd) : 0;
  const fused = final.map((det) =>
    det.classIndex === CAT_CLASS ? { ...det, score: (centernetCatScale(det.score) + ssdEvidence) / 2 } : det,
  );
  if (ssd && ssdEvidence > 0 && !final.some((d) => d.classIndex === CAT_CLASS))
    fused.push({ classIndex: CAT_CLASS, score: ssdEvidence / 2, box: ssd.catBox });
  return fused;
}
