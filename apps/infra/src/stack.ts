import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { BUCKET_ENV_VAR, TABLE_LIST, type TableDesign } from '@catfinder/store';
import type { HandlerCode } from './bundling/handler-code';
import type { CatFinderConfig } from './config/types';
import { ChannelPipeline } from './constructs/channel-pipeline';
import { LAMBDA_RUNTIME } from './constructs/catfinder-function';
import { ChannelAlarms } from './constructs/channel-alarms';
import { DataTables } from './constructs/data-tables';
import { OpsDashboard } from './constructs/ops-dashboard';
import { MediaSite } from './constructs/media-site';
import { acknowledge, acknowledgeBucketDeployment } from './nag-suppressions';

/** Props of {@link CatFinderStack}. */
export interface CatFinderStackProps extends StackProps {
  /** Channels and retention (from channels.json). */
  readonly config: CatFinderConfig;
  /** Bundle folders of the handlers. */
  readonly handlerCode: HandlerCode;
  /** Layer folder with `bin/ffmpeg` (see `ffmpegLayerDir`). */
  readonly ffmpegLayerDir: string;
  /** Built dashboard (apps/web/dist). */
  readonly webDist: string;
  /** Table designs. @default TABLE_LIST from @catfinder/store */
  readonly tableDesigns?: readonly TableDesign[];
}

/** The whole CatFinder deployment: storage, site, tables, and one pipeline per channel. */
export class CatFinderStack extends Stack {
  readonly site: MediaSite;
  readonly tables: DataTables;
  readonly pipelines: readonly ChannelPipeline[];
  /** Every channel alarm publishes here (e-mail subscription from `alarmEmail`). */
  readonly alarmTopic: sns.Topic;
  readonly operations: OpsDashboard;

  constructor(scope: Construct, id: string, props: CatFinderStackProps) {
    super(scope, id, props);
    this.site = new MediaSite(this, 'Site', {
      webDist: props.webDist,
      derivedObjectDays: props.config.derivedObjectDays,
    });
    this.tables = new DataTables(this, 'Tables', { designs: props.tableDesigns ?? TABLE_LIST });

    const ffmpegLayer = new lambda.LayerVersion(this, 'FfmpegLayer', {
      code: lambda.Code.fromAsset(props.ffmpegLayerDir),
      compatibleArchitectures: [lambda.Architecture.X86_64],
      compatibleRuntimes: [LAMBDA_RUNTIME],
      description: 'Static ffmpeg (from @ffmpeg-installer/linux-x64) at /opt/bin/ffmpeg',
    });
    this.alarmTopic = new sns.Topic(this, 'Alarms', { displayName: 'CatFinder alarms', enforceSSL: true });
    acknowledge(
      this.alarmTopic,
      'AwsSolutions-SNS2',
      'CloudWatch alarms cannot publish to a topic encrypted with the AWS managed SNS key; alarm texts hold no data worth a customer-managed key',
    );
    if (props.config.alarmEmail)
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.config.alarmEmail));

    this.pipelines = props.config.channels.map(
      (channel) =>
        new ChannelPipeline(this, `Channel-${channel.id}`, {
          channel,
          parseBundleDir: props.handlerCode.parse(channel.detector),
          prekogBundleDir: props.handlerCode.prekog(),
          ffmpegLayer,
          bucket: this.site.bucket,
          bucketEnvVar: BUCKET_ENV_VAR,
          tables: this.tables.byEnvVar,
          ttlHours: props.config.ttlHours,
        }),
    );
    const alarms = this.pipelines.flatMap(
      (p) =>
        new ChannelAlarms(p, 'Alarms', {
          channel: p.channel,
          parse: p.parse.fn,
          prekog: p.prekog.fn,
          prekogFailures: p.prekogFailures,
          topic: this.alarmTopic,
        }).alarms,
    );
    this.operations = new OpsDashboard(this, 'Operations', {
      channelIds: props.config.channels.map((c) => c.id),
      alarms,
    });

    new CfnOutput(this, 'DashboardUrl', { value: this.site.url, description: 'CatFinder dashboard' });
    new CfnOutput(this, 'BucketName', { value: this.site.bucket.bucketName });
    for (const p of this.pipelines) {
      new CfnOutput(this, `PrekogFailureQueueUrl${p.channel.id.replace(/-/g, '')}`, {
        value: p.prekogFailures.queueUrl,
        description: `prekog failures of ${p.channel.id}`,
      });
    }
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    new CfnOutput(this, 'OperationsDashboard', { value: this.operations.dashboard.dashboardName });
    for (const [envVar, table] of this.tables.byEnvVar) {
      new CfnOutput(this, `Table${envVar.replace(/_/g, '')}`, { value: table.tableName, description: envVar });
    }
    acknowledgeBucketDeployment(this, this.site.bucket);
  }
}
