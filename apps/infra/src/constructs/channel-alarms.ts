import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ChannelConfig } from '../config/types';
import { NO_SEGMENT_MINUTES } from '../constants';
import { channelMetric } from './channel-metrics';

/** Props of {@link ChannelAlarms}. */
export interface ChannelAlarmsProps {
  readonly channel: ChannelConfig;
  readonly parse: lambda.IFunction;
  readonly prekog: lambda.IFunction;
  /** The channel's prekog failure queue (on-failure destination of the async invokes). */
  readonly prekogFailures: sqs.IQueue;
  /** Where every alarm (and its recovery) is sent. */
  readonly topic: sns.ITopic;
}

/**
 * The alarms that tell an operator a channel stopped doing its job, each sent to the topic when it
 * fires and when it recovers: nothing processed, falling behind live, parse failing, prekog
 * invokes given up on, clips failing, and (with a budget) samples skipped over the budget.
 */
export class ChannelAlarms extends Construct {
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: ChannelAlarmsProps) {
    super(scope, id);
    const { channel } = props;
    const five = Duration.minutes(NO_SEGMENT_MINUTES);
    const alarms = [
      this.noSegmentAlarm(props),
      new cloudwatch.Alarm(this, 'Lag', {
        alarmDescription: `CatFinder ${channel.id}: lag behind live over ${channel.maxLagSeconds} s for 3 minutes`,
        metric: channelMetric(channel.id, 'LagSeconds', 'Maximum'),
        threshold: channel.maxLagSeconds,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'ParseErrors', {
        alarmDescription: `CatFinder ${channel.id}: parse errors (ParseErrors or failed invocations) in 2 of the last 3 periods of ${NO_SEGMENT_MINUTES} minutes`,
        metric: new cloudwatch.MathExpression({
          expression: 'FILL(reported, 0) + FILL(crashed, 0)',
          usingMetrics: {
            reported: channelMetric(channel.id, 'ParseErrors', 'Sum', five),
            crashed: props.parse.metricErrors({ period: five }),
          },
          period: five,
          label: 'parse errors',
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'PrekogFailures', {
        alarmDescription: `CatFinder ${channel.id}: prekog invokes that failed after retries are waiting in the failure queue`,
        metric: props.prekogFailures.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'ClipsFailed', {
        alarmDescription: `CatFinder ${channel.id}: a clip failed in the last ${NO_SEGMENT_MINUTES} minutes`,
        metric: channelMetric(channel.id, 'ClipsFailed', 'Sum', five),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
    if (channel.detectorBudgetPerMinute !== undefined) {
      alarms.push(
        new cloudwatch.Alarm(this, 'DetectorBudget', {
          alarmDescription: `CatFinder ${channel.id}: samples skipped over the detector budget (${channel.detectorBudgetPerMinute}/min) for ${NO_SEGMENT_MINUTES} minutes`,
          metric: channelMetric(channel.id, 'DetectorSkipped', 'Sum', five),
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    for (const alarm of alarms) {
      alarm.addAlarmAction(new actions.SnsAction(props.topic));
      alarm.addOkAction(new actions.SnsAction(props.topic));
    }
    this.alarms = alarms;
  }

  /**
   * Always-on channel: no SegmentsProcessed for 5 minutes, missing data breaching (a stopped
   * schedule or a crashing parse emits nothing). Windowed channel: parse ran in the last 5 minutes
   * yet processed nothing — outside its window it stays quiet.
   */
  private noSegmentAlarm(props: ChannelAlarmsProps): cloudwatch.Alarm {
    const { channel } = props;
    const five = Duration.minutes(NO_SEGMENT_MINUTES);
    const segments = channelMetric(channel.id, 'SegmentsProcessed', 'Sum', five);
    const base = {
      threshold: 1,
      evaluationPeriods: 1,
      alarmDescription: `CatFinder ${channel.id}: no segment processed in ${NO_SEGMENT_MINUTES} minutes`,
    };
    if (!channel.schedule) {
      return new cloudwatch.Alarm(this, 'NoSegments', {
        ...base,
        metric: segments,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
    }
    return new cloudwatch.Alarm(this, 'NoSegments', {
      ...base,
      metric: new cloudwatch.MathExpression({
        expression: 'IF(FILL(runs, 0) > 0 AND FILL(segments, 0) < 1, 1, 0)',
        usingMetrics: { runs: props.parse.metricInvocations({ period: five }), segments },
        period: five,
        label: 'ran without processing a segment',
      }),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
