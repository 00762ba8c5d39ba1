/**
 * CenterNet scores are lower than Rekognition confidences for the same picture (a clear cat
 * scores ~0.5, a cropped or grey one ~0.2). A monotone power curve per class maps them onto
 * Rekognition's scale so that the class's tuned operating score lands on Rekognition's default
 * MinConfidence of 55: `confidence = 100 * score ^ gamma`, `gamma = ln(0.55) / ln(operatingScore)`.
 * The curve preserves order within a class, so precision/recall at a threshold are those of the
 * matching raw score. Operating scores were chosen with `nx run vision:eval` (README, "Evaluation").
 */
import { DEFAULT_MIN_CONFIDENCE } from '../constants';

/** Raw score that maps to confidence 55 for classes without their own tuning. */
export const LOCAL_OPERATING_SCORE = 0.3;

/**
 * Per-class operating scores (COCO class index → raw score). Cat: its score is the cat
 * evidence fused over two detectors (cat-fusion.ts: CenterNet's two looks with class competition,
 * averaged with SSD's), and 0.3 is the operating point chosen with a breed-disjoint two-fold split
 * of the pets development set (README, "Cat decision"). Person: 0.30 — a cat picture scores up to 0.24 for person.
 */
export const CLASS_OPERATING_SCORES: Readonly<Record<number, number>> = {
  0: 0.3, // person
  15: 0.3, // cat (fused evidence of CenterNet and SSD, cat-fusion.ts)
};

export function operatingScoreFor(classIndex: number): number {
  return CLASS_OPERATING_SCORES[classIndex] ?? LOCAL_OPERATING_SCORE;
}

export function calibrationGamma(operatingScore: number, target = DEFAULT_MIN_CONFIDENCE): number {
  return Math.log(target / 100) / Math.log(operatingScore);
}

/** Raw 0..1 score of a class → Rekognition-scale 0..100 confidence (4 decimals). */
export function calibratedConfidence(score: number, classIndex: number): number {
  const clamped = Math.min(1, Math.max(0, score));
  const gamma = calibrationGamma(operatingScoreFor(classIndex));
  return Math.round(100 * clamped ** gamma * 1e4) / 1e4;
}

/** Inverse of `calibratedConfidence`: the raw score of a class that a confidence corresponds to. */
export function rawScoreFor(confidence: number, classIndex: number): number {
  const gamma = calibrationGamma(operatingScoreFor(classIndex));
  return (Math.min(100, Math.max(0, confidence)) / 100) ** (1 / gamma);
}
