/**
 * One detector call under parse's rule: a failed call is retried once, then the sample is recorded
 * with its error (never a reason to fail the segment). tools/scan runs the same rule.
 */
import type { DetectLabelsResult } from '@catfinder/vision';
import type { Detector } from './ports';

/** What one sample's call gave: the labels, or the last error's message. */
export interface DetectOutcome {
  readonly result: DetectLabelsResult | undefined;
  readonly error: string | undefined;
}

/** Running totals the caller reports (calls include retries). */
export interface DetectCounts {
  calls: number;
  errors: number;
  /** The first error's message, if any call failed. */
  firstError?: string;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function detectRetriedOnce(
  detector: Detector,
  bytes: Uint8Array,
  counts: DetectCounts,
): Promise<DetectOutcome> {
  for (let attempt = 1; ; attempt++) {
    counts.calls++;
    try {
      return { result: (await detector.detect(bytes)) as DetectLabelsResult | undefined, error: undefined };
    } catch (error) {
      counts.errors++;
      counts.firstError ??= message(error);
      if (attempt >= 2) return { result: undefined, error: message(error) };
    }
  }
}
