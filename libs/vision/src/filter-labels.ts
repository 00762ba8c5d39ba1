import { DEFAULT_MIN_CONFIDENCE } from './constants';
import { InvalidImageError } from './errors';
import type { DetectLabelsOptions, Label } from './types';

/** Validates DetectLabels options (same ranges as Rekognition) and applies the defaults. */
export function resolveDetectOptions(options: DetectLabelsOptions | undefined): {
  minConfidence: number;
  maxLabels: number;
} {
  const minConfidence = options?.MinConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const maxLabels = options?.MaxLabels ?? Number.POSITIVE_INFINITY;
  if (!(minConfidence >= 0 && minConfidence <= 100)) {
    throw new InvalidImageError(
      'options',
      'bad-argument',
      `MinConfidence must be 0..100, got ${String(options?.MinConfidence)}`,
    );
  }
  if (!(maxLabels >= 0) || (Number.isFinite(maxLabels) && !Number.isInteger(maxLabels))) {
    throw new InvalidImageError(
      'options',
      'bad-argument',
      `MaxLabels must be a non-negative integer, got ${String(options?.MaxLabels)}`,
    );
  }
  return { minConfidence, maxLabels };
}

/** Sorts by confidence (highest first, then name for a stable order), drops low ones, truncates. */
export function filterLabels(labels: readonly Label[], minConfidence: number, maxLabels: number): Label[] {
  return (
    labels
      .filter((label) => label.Confidence >= minConfidence)
      .map((label) => ({ ...label, Instances: label.Instances.filter((i) => i.Confidence >= minConfidence) }))
      // Ties (a class and its parents share a confidence): the label with instances first, as Rekognition.
      .sort(
        (a, b) =>
          b.Confidence - a.Confidence || b.Instances.length - a.Instances.length || a.Name.localeCompare(b.Name),
      )
      .slice(0, Number.isFinite(maxLabels) ? maxLabels : undefined)
  );
}
