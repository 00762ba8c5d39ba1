import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS_DIMENSION, METRICS_NAMESPACE } from '../constants';

/** Metric names the handlers emit (BRIEF.md contract), each with its CloudWatch unit. */
export type HandlerMetricName =
  | 'SegmentsProcessed'
  | 'DetectorCalls'
  | 'SamplesReused'
  | 'DetectorSkipped'
  | 'LagSeconds'
  | 'ParseErrors'
  | 'Gaps'
  | 'ClipsReady'
  | 'ClipsFailed'
  | 'ClipLatency';

/** One handler metric of one channel (namespace CatFinder, dimension channel=<id>). */
export function channelMetric(
  channelId: string,
  name: HandlerMetricName,
  statistic: string,
  period: Duration = Duration.minutes(1),
  label?: string,
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { [METRICS_DIMENSION]: channelId },
    statistic,
    period,
    ...(label ? { label } : {}),
  });
}
