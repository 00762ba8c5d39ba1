/**
 * parse's CloudWatch metrics (BRIEF.md: namespace CatFinder, dimension channel) through
 * Powertools Metrics, which writes them as EMF log lines. The run talks to a narrow port so tests
 * record what it emits and local runs (the stack prints readable lines) emit nothing.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const METRICS_NAMESPACE = 'CatFinder';

export type ParseMetric =
  'SegmentsProcessed' | 'DetectorCalls' | 'SamplesReused' | 'DetectorSkipped' | 'LagSeconds' | 'ParseErrors' | 'Gaps';

const UNITS: Record<ParseMetric, (typeof MetricUnit)[keyof typeof MetricUnit]> = {
  SegmentsProcessed: MetricUnit.Count,
  DetectorCalls: MetricUnit.Count,
  SamplesReused: MetricUnit.Count,
  DetectorSkipped: MetricUnit.Count,
  LagSeconds: MetricUnit.Seconds,
  ParseErrors: MetricUnit.Count,
  Gaps: MetricUnit.Count,
};

export interface MetricsSink {
  add(name: ParseMetric, value: number): void;
  /** Writes what was added since the last flush (nothing when nothing was added). */
  flush(): void;
}

/** Emits nothing (local runs and tests that do not look at metrics). */
export const NO_METRICS: MetricsSink = { add: () => undefined, flush: () => undefined };

/** Powertools Metrics with `channel` as the only dimension. */
export function powertoolsMetrics(
  channel: string,
  metrics: Metrics = new Metrics({ namespace: METRICS_NAMESPACE }),
): MetricsSink {
  // Powertools adds a `service` dimension by default; BRIEF.md's metrics have `channel` only.
  metrics.clearDefaultDimensions();
  metrics.setDefaultDimensions({ channel });
  return {
    add: (name, value) => void metrics.addMetric(name, UNITS[name], value),
    flush: () => {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
}
