/**
 * prekog's CloudWatch metrics (BRIEF.md: namespace CatFinder, dimension channel) through
 * Powertools Metrics (EMF). The handler publishes them after each invocation.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const METRICS_NAMESPACE = 'CatFinder';

export type PrekogMetric = 'ClipsReady' | 'ClipsCutShort' | 'ClipsFailed' | 'ClipLatency';

export interface MetricsSink {
  add(channel: string, name: PrekogMetric, value: number): void;
  flush(): void;
}

export const NO_METRICS: MetricsSink = { add: () => undefined, flush: () => undefined };

/** Powertools Metrics with `channel` as the only dimension (one EMF record per channel). */
export function powertoolsMetrics(metrics: Metrics = new Metrics({ namespace: METRICS_NAMESPACE })): MetricsSink {
  // Powertools adds a `service` dimension by default; BRIEF.md's metrics have `channel` only.
  metrics.clearDefaultDimensions();
  return {
    add(channel, name, value) {
      const single = metrics.singleMetric();
      single.clearDefaultDimensions();
      single.addDimension('channel', channel);
      single.addMetric(name, name === 'ClipLatency' ? MetricUnit.Seconds : MetricUnit.Count, value);
    },
    flush: () => {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
}
