import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { channelMetric } from './channel-metrics';

/** Props of {@link OpsDashboard}. */
export interface OpsDashboardProps {
  readonly channelIds: readonly string[];
  /** Every channel alarm, shown as one status grid. */
  readonly alarms: readonly cloudwatch.IAlarm[];
}

/**
 * One CloudWatch dashboard for the whole deployment: per channel segments/min, detector
 * calls/min (and samples reused or skipped), clip latency p50/p95, lag behind live, and the alarms.
 */
export class OpsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OpsDashboardProps) {
    super(scope, id);
    const ids = props.channelIds;
    const minute = Duration.minutes(1);
    const five = Duration.minutes(5);
    const graph = (title: string, left: cloudwatch.IMetric[], unit?: string): cloudwatch.GraphWidget =>
      new cloudwatch.GraphWidget({
        title,
        left,
        width: 12,
        height: 6,
        ...(unit ? { leftYAxis: { label: unit, showUnits: false } } : {}),
      });
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-operations`,
      defaultInterval: Duration.hours(3),
      widgets: [
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24, height: 4 })],
        [
          graph(
            'Segments processed per minute',
            ids.map((c) => channelMetric(c, 'SegmentsProcessed', 'Sum', minute, `${c} segments/min`)),
          ),
          graph(
            'Detector calls per minute',
            ids.flatMap((c) => [
              channelMetric(c, 'DetectorCalls', 'Sum', minute, `${c} calls/min`),
              channelMetric(c, 'SamplesReused', 'Sum', minute, `${c} reused/min`),
              channelMetric(c, 'DetectorSkipped', 'Sum', minute, `${c} skipped (budget)/min`),
            ]),
          ),
        ],
        [
          graph(
            'Clip latency (s): p50 and p95',
            ids.flatMap((c) => [
              channelMetric(c, 'ClipLatency', 'p50', five, `${c} p50`),
              channelMetric(c, 'ClipLatency', 'p95', five, `${c} p95`),
            ]),
            'seconds',
          ),
          graph(
            'Lag behind live (s)',
            ids.map((c) => channelMetric(c, 'LagSeconds', 'Maximum', minute, `${c} lag`)),
            'seconds',
          ),
        ],
        [
          graph(
            'Clips ready / failed, gaps, parse errors (per 5 min)',
            ids.flatMap((c) => [
              channelMetric(c, 'ClipsReady', 'Sum', five, `${c} clips ready`),
              channelMetric(c, 'ClipsFailed', 'Sum', five, `${c} clips failed`),
              channelMetric(c, 'Gaps', 'Sum', five, `${c} gaps`),
              channelMetric(c, 'ParseErrors', 'Sum', five, `${c} parse errors`),
            ]),
          ),
        ],
      ],
    });
  }
}
