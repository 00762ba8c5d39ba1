import { Duration, Size } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ChannelConfig } from '../config/types';
import {
  DEFAULT_PARSE_LOCAL_MEMORY_MB,
  DEFAULT_PARSE_MEMORY_MB,
  DEFAULT_PARSE_TIMEOUT_SECONDS,
  DEFAULT_PREKOG_EPHEMERAL_MB,
  DEFAULT_PREKOG_MEMORY_MB,
  DEFAULT_PREKOG_TIMEOUT_SECONDS,
  FFMPEG_LAYER_PATH,
  PREFIX,
  PREKOG_RETRY_ATTEMPTS,
} from '../constants';
import { acknowledge } from '../nag-suppressions';
import { CatFinderFunction } from './catfinder-function';

/** Rekognition calls parse makes; these APIs have no resource-level permissions. */
export const REKOGNITION_ACTIONS = ['rekognition:DetectLabels', 'rekognition:RecognizeCelebrities'];

/** Props of {@link ChannelPipeline}. */
export interface ChannelPipelineProps {
  readonly channel: ChannelConfig;
  /** Bundle folders of the two handlers for this channel's detector. */
  readonly parseBundleDir: string;
  readonly prekogBundleDir: string;
  readonly ffmpegLayer: lambda.ILayerVersion;
  readonly bucket: s3.IBucket;
  readonly bucketEnvVar: string;
  /** Tables by environment variable name. */
  readonly tables: ReadonlyMap<string, dynamodb.ITable>;
  /** Where failed async prekog invokes go. */
  readonly prekogFailures: sqs.IQueue;
  readonly ttlHours: number;
}

/**
 * One channel: a parse function on a one-minute schedule (concurrency 1, so segments are
 * claimed by one runner) and its prekog function, invoked asynchronously by parse.
 */
export class ChannelPipeline extends Construct {
  readonly parse: CatFinderFunction;
  readonly prekog: CatFinderFunction;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: ChannelPipelineProps) {
    super(scope, id);
    const { channel } = props;
    const environment: Record<string, string> = {
      ...channel.env,
      CHANNEL_ID: channel.id,
      HLS_URL: channel.hlsUrl,
      LABELS: channel.labels,
      DETECTOR: channel.detector,
      TTL_HOURS: String(props.ttlHours),
      FFMPEG_PATH: FFMPEG_LAYER_PATH,
    };

    this.prekog = new CatFinderFunction(this, 'Prekog', {
      bundleDir: props.prekogBundleDir,
      description: `CatFinder prekog (${channel.id}): clip bounds, cut, publish`,
      memorySize: DEFAULT_PREKOG_MEMORY_MB,
      timeout: Duration.seconds(DEFAULT_PREKOG_TIMEOUT_SECONDS),
      ephemeralStorage: Size.mebibytes(DEFAULT_PREKOG_EPHEMERAL_MB),
      environment,
      layers: [props.ffmpegLayer],
    });
    this.prekog.fn.configureAsyncInvoke({
      onFailure: new destinations.SqsDestination(props.prekogFailures),
      retryAttempts: PREKOG_RETRY_ATTEMPTS,
      maxEventAge: Duration.hours(1),
    });

    this.parse = new CatFinderFunction(this, 'Parse', {
      bundleDir: props.parseBundleDir,
      description: `CatFinder parse (${channel.id}): follow, analyse, detect, record`,
      memorySize: channel.parseMemoryMb ?? (channel.detector === 'local' ? DEFAULT_PARSE_LOCAL_MEMORY_MB : DEFAULT_PARSE_MEMORY_MB),
      timeout: Duration.seconds(DEFAULT_PARSE_TIMEOUT_SECONDS),
      environment,
      layers: [props.ffmpegLayer],
      reservedConcurrentExecutions: 1,
    });
    // a run that overlaps the next tick is throttled; drop that tick instead of queueing it
    this.parse.fn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.seconds(60) });

    for (const [envVar, table] of props.tables) {
      this.parse.bindTable(envVar, table);
      this.prekog.bindTable(envVar, table);
    }
    this.parse.bindBucket(props.bucketEnvVar, props.bucket, {
      read: [PREFIX.samples, PREFIX.segments, PREFIX.feeds],
      write: [PREFIX.samples, PREFIX.segments, PREFIX.feeds],
    });
    this.prekog.bindBucket(props.bucketEnvVar, props.bucket, {
      read: [PREFIX.samples, PREFIX.segments, PREFIX.clips, PREFIX.feeds],
      write: [PREFIX.clips, PREFIX.feeds],
    });
    this.parse.bindInvoke('PREKOG_FUNCTION_NAME', this.prekog.fn);
    if (channel.detector === 'rekognition') {
      iam.Grant.addToPrincipal({ grantee: this.parse.fn, actions: REKOGNITION_ACTIONS, resourceArns: ['*'] });
      acknowledge(
        this.parse,
        'AwsSolutions-IAM5[Resource::*]',
        'rekognition:DetectLabels and RecognizeCelebrities support no resource-level permissions; the actions are exact',
      );
    }

    this.schedule = new events.Rule(this, 'Schedule', {
      description: `CatFinder: run parse for channel ${channel.id} every minute`,
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [
        new targets.LambdaFunction(this.parse.fn, {
          event: events.RuleTargetInput.fromObject({ channelId: channel.id }),
          retryAttempts: 0,
          maxEventAge: Duration.minutes(1),
        }),
      ],
    });
  }
}
