import { Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LAMBDA_NODE_MAJOR, LOG_RETENTION } from '../constants';

/** The Lambda runtime of every CatFinder function (see LAMBDA_NODE_MAJOR for why). */
export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;
import { acknowledge, arnRef } from '../nag-suppressions';

/** Props of {@link CatFinderFunction}. */
export interface CatFinderFunctionProps {
  /** Folder holding `handler.mjs` (a bundle from `bundleHandler`). */
  readonly bundleDir: string;
  readonly description: string;
  /** Memory (MB). */
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Variables set before any binding. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default [] */
  readonly layers?: readonly lambda.ILayerVersion[];
  /** @default no reservation */
  readonly reservedConcurrentExecutions?: number;
  /** /tmp size. @default 512 MiB */
  readonly ephemeralStorage?: Size;
}

/** How a function may touch the objects under some key prefixes of the media bucket. */
export interface BucketAccess {
  /** Prefixes it reads (s3:GetObject). @default [] */
  readonly read?: readonly string[];
  /** Prefixes it writes (s3:PutObject). @default [] */
  readonly write?: readonly string[];
  /** Prefixes it deletes in (s3:DeleteObject, e.g. rolling back a half-published clip). @default [] */
  readonly delete?: readonly string[];
}

/**
 * What every CatFinder function shares — Node 24 on x86_64 (the ffmpeg layer's architecture),
 * ESM bundle `handler.mjs`, a log group with retention — plus bindings that set the
 * environment variable and grant access in one call.
 */
export class CatFinderFunction extends Construct {
  readonly fn: lambda.Function;

  constructor(scope: Construct, id: string, props: CatFinderFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // own role with exactly the log-group write grant, instead of the AWS managed basic policy
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    this.fn = new lambda.Function(this, 'Function', {
      role,
      runtime: LAMBDA_RUNTIME,
      architecture: lambda.Architecture.X86_64,
      code: lambda.Code.fromAsset(props.bundleDir),
      handler: 'handler.handler',
      description: props.description,
      memorySize: props.memorySize,
      timeout: props.timeout,
      environment: { ...props.environment },
      layers: [...(props.layers ?? [])],
      logGroup,
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      ...(props.ephemeralStorage ? { ephemeralStorageSize: props.ephemeralStorage } : {}),
    });
    acknowledge(
      this,
      'AwsSolutions-L1',
      `Node.js ${LAMBDA_NODE_MAJOR} is the runtime the handler bundles are built and tested for`,
    );
  }

  /**
   * Sets `envVar` to the table's name and grants exactly `actions` (item-level verbs the
   * function's store code issues) on the table and its indexes — no Scan, DescribeTable or streams.
   */
  bindTable(envVar: string, table: dynamodb.ITable, actions: readonly string[]): this {
    this.fn.addEnvironment(envVar, table.tableName);
    iam.Grant.addToPrincipal({
      grantee: this.fn,
      actions: [...actions],
      resourceArns: [table.tableArn, `${table.tableArn}/index/*`],
    });
    acknowledge(
      this,
      `AwsSolutions-IAM5[Resource::${arnRef(table)}/index/*]`,
      `item access on ${envVar} includes queries on that table's own secondary indexes`,
    );
    return this;
  }

  /**
   * Sets `envVar` to the bucket's name and grants exactly GetObject / PutObject on the given
   * prefixes, plus ListBucket so a missing key reads as 404 rather than 403.
   */
  bindBucket(envVar: string, bucket: s3.IBucket, access: BucketAccess): this {
    this.fn.addEnvironment(envVar, bucket.bucketName);
    const objects = (prefixes: readonly string[]): string[] => prefixes.map((p) => bucket.arnForObjects(`${p}*`));
    for (const prefix of new Set([...(access.read ?? []), ...(access.write ?? []), ...(access.delete ?? [])])) {
      acknowledge(
        this,
        `AwsSolutions-IAM5[Resource::${arnRef(bucket)}/${prefix}*]`,
        `object access is limited to the ${prefix} key prefix this function owns (keys are per channel and time)`,
      );
    }
    if (access.read?.length) {
      iam.Grant.addToPrincipal({ grantee: this.fn, actions: ['s3:GetObject'], resourceArns: objects(access.read) });
    }
    if (access.write?.length) {
      iam.Grant.addToPrincipal({ grantee: this.fn, actions: ['s3:PutObject'], resourceArns: objects(access.write) });
    }
    if (access.delete?.length) {
      iam.Grant.addToPrincipal({
        grantee: this.fn,
        actions: ['s3:DeleteObject'],
        resourceArns: objects(access.delete),
      });
    }
    iam.Grant.addToPrincipal({ grantee: this.fn, actions: ['s3:ListBucket'], resourceArns: [bucket.bucketArn] });
    return this;
  }

  /** Sets `envVar` to the other function's name and lets this one invoke it. */
  bindInvoke(envVar: string, target: lambda.IFunction): this {
    this.fn.addEnvironment(envVar, target.functionName);
    target.grantInvoke(this.fn);
    acknowledge(
      this,
      `AwsSolutions-IAM5[Resource::${arnRef(target)}:*]`,
      'grantInvoke covers the target function and its versions/aliases, nothing else',
    );
    return this;
  }

  /**
   * Sets `envVar` to the name of an SSM SecureString parameter (never its value) and lets this
   * function alone read it (ssm:GetParameter on that one parameter; the default aws/ssm key
   * decrypts for callers SSM has authorized).
   */
  bindSecureParameter(envVar: string, parameterName: string): this {
    this.fn.addEnvironment(envVar, parameterName);
    const arn = Stack.of(this).formatArn({
      service: 'ssm',
      resource: 'parameter',
      resourceName: parameterName.replace(/^\//, ''),
    });
    iam.Grant.addToPrincipal({ grantee: this.fn, actions: ['ssm:GetParameter'], resourceArns: [arn] });
    return this;
  }
}
