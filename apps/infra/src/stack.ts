import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { BUCKET_ENV_VAR, TABLE_LIST, type TableDesign } from '@catfinder/store';
import type { HandlerCode } from './bundling/handler-code';
import type { CatFinderConfig } from './config/types';
import { ChannelPipeline } from './constructs/channel-pipeline';
import { DataTables } from './constructs/data-tables';
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

  constructor(scope: Construct, id: string, props: CatFinderStackProps) {
    super(scope, id, props);
    this.site = new MediaSite(this, 'Site', { webDist: props.webDist, derivedObjectDays: props.config.derivedObjectDays });
    this.tables = new DataTables(this, 'Tables', { designs: props.tableDesigns ?? TABLE_LIST });

    const ffmpegLayer = new lambda.LayerVersion(this, 'FfmpegLayer', {
      code: lambda.Code.fromAsset(props.ffmpegLayerDir),
      compatibleArchitectures: [lambda.Architecture.X86_64],
      compatibleRuntimes: [lambda.Runtime.NODEJS_22_X],
      description: 'Static ffmpeg (from @ffmpeg-installer/linux-x64) at /opt/bin/ffmpeg',
    });
    const prekogFailures = new sqs.Queue(this, 'PrekogFailures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(prekogFailures, 'AwsSolutions-SQS3', 'this queue is itself the failure destination of the async prekog invokes');

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
          prekogFailures,
          ttlHours: props.config.ttlHours,
        }),
    );

    new CfnOutput(this, 'DashboardUrl', { value: this.site.url, description: 'CatFinder dashboard' });
    new CfnOutput(this, 'BucketName', { value: this.site.bucket.bucketName });
    new CfnOutput(this, 'PrekogFailureQueueUrl', { value: prekogFailures.queueUrl });
    for (const [envVar, table] of this.tables.byEnvVar) {
      new CfnOutput(this, `Table${envVar.replace(/_/g, '')}`, { value: table.tableName, description: envVar });
    }
    acknowledgeBucketDeployment(this, this.site.bucket);
  }
}
