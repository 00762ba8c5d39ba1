import { Duration, Size } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  channelEnvironments,
  DELTA_API_KEY_PARAMETER_VAR,
  PREKOG_FUNCTION_NAME_VAR,
} from '../config/function-environment';
import type { ChannelConfig } from '../config/types';
import {
  DEFAULT_PARSE_LOCAL_MEMORY_MB,
  DEFAULT_PARSE_MEMORY_MB,
  DEFAULT_PARSE_TIMEOUT_SECONDS,
  DEFAULT_PREKOG_EPHEMERAL_MB,
  DEFAULT_PREKOG_MEMORY_MB,
  DEFAULT_PREKOG_TIMEOUT_SECONDS,
  PREFIX,
  PREKOG_RETRY_ATTEMPTS,
} from '../constants';
import { acknowledge } from '../nag-suppressions';
import { CatFinderFunction } from './catfinder-function';

/** Rekognition calls parse makes for labels; neither action has resource-level permissions. */
export const REKOGNITION_ACTIONS = ['rekognition:DetectLabels'];
/** Added when the channel recognises faces (RECOGNIZE_FACES=on: RecognizeCelebrities on Person samples). */
export const FACE_RECOGNITION_ACTIONS = ['rekognition:RecognizeCelebrities'];

/**
 * DynamoDB verbs of parse's store code: claims and cursors (GetItem/UpdateItem), appearances
 * (PutItem, Query, and DeleteItem to drop its own item when another run took the open pointer),
 * samples in batches (BatchWriteItem). Proven by tests/least-privilege.test.ts.
 */
export const PARSE_TABLE_ACTIONS = [
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
];
/** DynamoDB verbs of prekog's store code: frames/segments queries, the clip record, the appearance link. */
export const PREKOG_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'];

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
  readonly ttlHours: number;
}

/**
 * One channel: a parse function on a one-minute schedule (optionally only inside the channel's
 * cron windows) and its prekog function, invoked asynchronously by parse. No concurrency is
 * reserved by default: the per-channel run lease in the store already serializes runs, and a fresh
 * account (10 concurrent executions, all of which AWS keeps unreserved) could not reserve any.
 */
export class ChannelPipeline extends Construct {
  readonly channel: ChannelConfig;
  readonly parse: CatFinderFunction;
  readonly prekog: CatFinderFunction;
  /** One rule, or one per cron window of the channel. */
  readonly schedules: readonly events.Rule[];
  /** Where this channel's failed async prekog invokes go (watched by an alarm). */
  readonly prekogFailures: sqs.Queue;

  constructor(scope: Construct, id: string, props: ChannelPipelineProps) {
    super(scope, id);
    const { channel } = props;
    this.channel = channel;
    const environment = channelEnvironments(channel, props.ttlHours);

    this.prekog = new CatFinderFunction(this, 'Prekog', {
      bundleDir: props.prekogBundleDir,
      description: `CatFinder prekog (${channel.id}): clip bounds, cut, publish`,
      memorySize: DEFAULT_PREKOG_MEMORY_MB,
      timeout: Duration.seconds(DEFAULT_PREKOG_TIMEOUT_SECONDS),
      ephemeralStorage: Size.mebibytes(DEFAULT_PREKOG_EPHEMERAL_MB),
      environment: environment.prekog,
      layers: [props.ffmpegLayer],
    });
    this.prekogFailures = new sqs.Queue(this, 'PrekogFailures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.prekogFailures,
      'AwsSolutions-SQS3',
      'this queue is itself the failure destination of the async prekog invokes',
    );
    this.prekog.fn.configureAsyncInvoke({
      onFailure: new destinations.SqsDestination(this.prekogFailures),
      retryAttempts: PREKOG_RETRY_ATTEMPTS,
      maxEventAge: Duration.hours(1),
    });

    this.parse = new CatFinderFunction(this, 'Parse', {
      bundleDir: props.parseBundleDir,
      description: `CatFinder parse (${channel.id}): follow, analyse, detect, record`,
      memorySize:
        channel.parseMemoryMb ??
        (channel.detector === 'local' ? DEFAULT_PARSE_LOCAL_MEMORY_MB : DEFAULT_PARSE_MEMORY_MB),
      timeout: Duration.seconds(DEFAULT_PARSE_TIMEOUT_SECONDS),
      environment: environment.parse,
      layers: [props.ffmpegLayer],
      ...(channel.parseReservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: channel.parseReservedConcurrency }),
    });
    // a run that overlaps the next tick is throttled; drop that tick instead of queueing it
    this.parse.fn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.seconds(60) });

    this.grantAccess(props);
    this.schedules = scheduleRules(this, channel, this.parse.fn);
  }

  /** Exactly what each function's code uses: tables, bucket prefixes, the invoke, the detector, the Delta key. */
  private grantAccess(props: ChannelPipelineProps): void {
    const { channel } = props;
    for (const [envVar, table] of props.tables) {
      this.parse.bindTable(envVar, table, PARSE_TABLE_ACTIONS);
      this.prekog.bindTable(envVar, table, PREKOG_TABLE_ACTIONS);
    }
    this.parse.bindBucket(props.bucketEnvVar, props.bucket, {
      read: [PREFIX.samples, PREFIX.segments, PREFIX.feeds],
      write: [PREFIX.samples, PREFIX.segments, PREFIX.feeds],
    });
    this.prekog.bindBucket(props.bucketEnvVar, props.bucket, {
      read: [PREFIX.samples, PREFIX.segments, PREFIX.clips, PREFIX.feeds],
      write: [PREFIX.clips, PREFIX.feeds],
      // libs/delta's publish removes the objects of a clip it could not finish
      delete: [PREFIX.clips],
    });
    if (channel.deltaApiKeyParameter)
      this.prekog.bindSecureParameter(DELTA_API_KEY_PARAMETER_VAR, channel.deltaApiKeyParameter);
    this.parse.bindInvoke(PREKOG_FUNCTION_NAME_VAR, this.prekog.fn);
    if (channel.detector === 'rekognition') {
      const actions = [...REKOGNITION_ACTIONS, ...(channel.recognizeFaces ? FACE_RECOGNITION_ACTIONS : [])];
      iam.Grant.addToPrincipal({ grantee: this.parse.fn, actions, resourceArns: ['*'] });
      acknowledge(
        this.parse,
        'AwsSolutions-IAM5[Resource::*]',
        `${actions.join(' and ')} support no resource-level permission; the actions are exact`,
      );
    }
  }
}

/** `rate(1 minute)`, or one rule per cron expression of the channel's schedule window. */
function scheduleRules(scope: Construct, channel: ChannelConfig, parse: lambda.IFunction): events.Rule[] {
  const windows = channel.schedule ?? [];
  const target = (): targets.LambdaFunction =>
    new targets.LambdaFunction(parse, {
      event: events.RuleTargetInput.fromObject({ channelId: channel.id }),
      retryAttempts: 0,
      maxEventAge: Duration.minutes(1),
    });
  if (windows.length === 0) {
    return [
      new events.Rule(scope, 'Schedule', {
        description: `CatFinder: run parse for channel ${channel.id} every minute`,
        schedule: events.Schedule.rate(Duration.minutes(1)),
        targets: [target()],
      }),
    ];
  }
  return windows.map(
    (expression, i) =>
      new events.Rule(scope, i === 0 ? 'Schedule' : `Schedule${i + 1}`, {
        description: `CatFinder: run parse for channel ${channel.id} inside the window ${expression}`,
        schedule: events.Schedule.expression(expression),
        targets: [target()],
      }),
  );
}
