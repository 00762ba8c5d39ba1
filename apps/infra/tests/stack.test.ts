import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TABLE_LIST } from '@catfinder/store';
import { MissingArtifactError } from '../src/errors';
import type { CatFinderStack } from '../src/stack';
import { FFMPEG_LAYER_PATH, SECRET_ENV_NAME } from '../src/constants';
import { FACE_RECOGNITION_ACTIONS, REKOGNITION_ACTIONS } from '../src/constructs/channel-pipeline';
import { parseConfig } from '../src/config/load-config';
import { DEPLOY_TIME_NAME, withDeployTimeStandIns } from '../src/config/function-environment';
import { makeArtifacts, makeStack, TWO_CHANNELS, type Artifacts } from './helpers/artifacts';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

let artifacts: Artifacts;
let template: Template;
let stack: CatFinderStack;
let resources: Resources;

beforeAll(() => {
  // GIVEN a two-channel config (rekognition + local) and stand-in build outputs
  artifacts = makeArtifacts();
  // WHEN the stack is synthesized
  stack = makeStack(artifacts);
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Resources;
});
afterAll(() => artifacts.cleanup());

function ofType(type: string): [string, Resources[string]][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

function functionIdByDescription(text: string): string {
  const found = ofType('AWS::Lambda::Function').filter(([, r]) =>
    String(r.Properties['Description'] ?? '').includes(text),
  );
  expect(found, `one function described "${text}"`).toHaveLength(1);
  return found[0]![0];
}

/** Every action of every IAM policy statement of the given role logical ids (or all). */
function policyStatements(roleIds?: string[]): { Action: string | string[]; Resource: unknown }[] {
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => !roleIds || (p.Properties['Roles'] as { Ref: string }[]).some((r) => roleIds.includes(r.Ref)))
    .flatMap(
      ([, p]) =>
        (p.Properties['PolicyDocument'] as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement,
    );
}

function actionsOf(statements: { Action: string | string[] }[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

function variablesOf(description: string): Record<string, unknown> {
  return (
    resources[functionIdByDescription(description)]!.Properties['Environment'] as { Variables: Record<string, unknown> }
  ).Variables;
}

function roleOf(functionId: string): string {
  return (resources[functionId]!.Properties['Role'] as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
}

describe('media bucket', () => {
  it('is private, encrypted and TLS-only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('expires samples/ and segments/ after the configured days and keeps clips', () => {
    const [, bucket] = ofType('AWS::S3::Bucket')[0]!;
    const rules = (
      bucket.Properties['LifecycleConfiguration'] as { Rules: { Prefix?: string; ExpirationInDays?: number }[] }
    ).Rules;
    const expiring = rules.filter((r) => r.ExpirationInDays !== undefined);
    expect(expiring.map((r) => [r.Prefix, r.ExpirationInDays]).sort()).toEqual([
      ['samples/', 5],
      ['segments/', 5],
    ]);
    expect(
      rules.some((r) => r.ExpirationInDays !== undefined && (r.Prefix === undefined || r.Prefix.startsWith('clips'))),
    ).toBe(false);
  });

  it('has no bucket policy statement that allows public reads', () => {
    const statements = ofType('AWS::S3::BucketPolicy').flatMap(
      ([, p]) => (p.Properties['PolicyDocument'] as { Statement: { Effect: string; Principal: unknown }[] }).Statement,
    );
    for (const s of statements.filter((st) => st.Effect === 'Allow')) {
      expect(s.Principal).not.toBe('*');
      expect(s.Principal).not.toEqual({ AWS: '*' });
    }
  });
});

describe('CloudFront', () => {
  it('serves the bucket through Origin Access Control over HTTPS, with index.html at the root', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue(), S3OriginConfig: Match.anyValue() })],
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          AllowedMethods: Match.arrayWith(['GET', 'HEAD']),
        }),
        CacheBehaviors: [Match.objectLike({ PathPattern: 'feeds/*', ViewerProtocolPolicy: 'redirect-to-https' })],
      }),
    });
  });

  it('caches feeds for seconds only', () => {
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({ DefaultTTL: 5, MinTTL: 0, MaxTTL: 60 }),
    });
  });

  it('outputs the dashboard URL and bucket name', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(JSON.stringify(outputs['DashboardUrl']?.Value)).toContain('DomainName');
    expect(outputs['BucketName']).toBeDefined();
  });
});

describe('dashboard deployment', () => {
  it('uploads the web build and config.json without pruning pipeline objects', () => {
    const [, deployment] = ofType('Custom::CDKBucketDeployment')[0]!;
    expect(deployment.Properties['Prune']).toBe(false);
    expect((deployment.Properties['SourceObjectKeys'] as unknown[]).length).toBe(2);
    expect(deployment.Properties['DistributionId']).toEqual({ Ref: expect.stringMatching(/Distribution/) });
    // the jsonData source is staged as an asset folder holding config.json
    const outdir = stack.node.root instanceof App ? stack.node.root.outdir : '';
    const configs = readdirSync(outdir)
      .filter((d) => d.startsWith('asset.') && existsSync(join(outdir, d, 'config.json')))
      .map((d) => JSON.parse(readFileSync(join(outdir, d, 'config.json'), 'utf8')) as unknown);
    expect(configs).toEqual([{ feedsBase: 'feeds/', mediaOrigin: '' }]);
    const web = readdirSync(outdir).filter((d) => d.startsWith('asset.') && existsSync(join(outdir, d, 'index.html')));
    expect(web).toHaveLength(1);
  });

  it('fails with a clear message when the dashboard is not built', () => {
    expect(() => makeStack(artifacts, { webDist: join(artifacts.root, 'missing-dist') })).toThrow(MissingArtifactError);
    expect(() => makeStack(artifacts, { webDist: join(artifacts.root, 'missing-dist') })).toThrow(/nx run web:build/);
  });
});

describe('tables', () => {
  it('creates every store table from its schema: keys, indexes, on-demand, PITR, TTL', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', TABLE_LIST.length);
    for (const design of TABLE_LIST) {
      const keySchema = [{ AttributeName: design.partitionKey.name, KeyType: 'HASH' }];
      if (design.sortKey) keySchema.push({ AttributeName: design.sortKey.name, KeyType: 'RANGE' });
      const props: Record<string, unknown> = {
        KeySchema: keySchema,
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: design.ttlAttribute
          ? { AttributeName: design.ttlAttribute, Enabled: true }
          : Match.absent(),
      };
      if (design.globalSecondaryIndexes.length > 0) {
        props['GlobalSecondaryIndexes'] = design.globalSecondaryIndexes.map((g) =>
          Match.objectLike({ IndexName: g.indexName }),
        );
      }
      if (design.localSecondaryIndexes.length > 0) {
        props['LocalSecondaryIndexes'] = design.localSecondaryIndexes.map((l) =>
          Match.objectLike({ IndexName: l.indexName }),
        );
      }
      template.hasResourceProperties('AWS::DynamoDB::Table', props);
    }
  });

  it('puts TTL on every derived table and outputs every table name', () => {
    expect(TABLE_LIST.filter((d) => d.ttlAttribute).length).toBeGreaterThan(0);
    const outputs = template.toJSON().Outputs as Record<string, { Description?: string }>;
    const described = Object.values(outputs).map((o) => o.Description);
    for (const design of TABLE_LIST) expect(described).toContain(design.envVar);
  });
});

describe('functions', () => {
  it('runs both handlers of each channel on Node 24 x86_64 with the ffmpeg layer', () => {
    const fns = ofType('AWS::Lambda::Function').filter(([, r]) =>
      String(r.Properties['Description'] ?? '').startsWith('CatFinder'),
    );
    expect(fns).toHaveLength(4);
    for (const [, fn] of fns) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['x86_64'],
        Handler: 'handler.handler',
      });
      expect((fn.Properties['Layers'] as unknown[]).length).toBe(1);
      const env = (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
      expect(env['FFMPEG_PATH']).toBe(FFMPEG_LAYER_PATH);
      for (const design of TABLE_LIST) expect(env[design.envVar]).toEqual({ Ref: expect.any(String) });
      expect(env['S3_BUCKET']).toEqual({ Ref: expect.any(String) });
    }
    template.hasResourceProperties('AWS::Lambda::LayerVersion', { CompatibleArchitectures: ['x86_64'] });
  });

  it('reserves no concurrency unless the channel asks, sets the channel settings, and ships the local detector only where chosen', () => {
    const news = resources[functionIdByDescription('parse (news)')]!.Properties;
    expect(news['ReservedConcurrentExecutions']).toBeUndefined();
    expect(
      resources[functionIdByDescription('prekog (news)')]!.Properties['ReservedConcurrentExecutions'],
    ).toBeUndefined();
    expect((news['Environment'] as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      CHANNEL_ID: 'news',
      HLS_URL: 'https://example.com/news/master.m3u8',
      LABELS: 'Cat:60,Dog:70:1:1',
      DETECTOR: 'rekognition',
      SAMPLE_INTERVAL: '3',
      TTL_HOURS: '48',
      DETECTOR_BUDGET_PER_MINUTE: '20',
      POWERTOOLS_METRICS_NAMESPACE: 'CatFinder',
      PREKOG_FUNCTION_NAME: { Ref: functionIdByDescription('prekog (news)') },
    });
    const zoo = resources[functionIdByDescription('parse (zoo)')]!.Properties;
    expect(zoo['ReservedConcurrentExecutions']).toBe(2);
    expect(
      (zoo['Environment'] as { Variables: Record<string, unknown> }).Variables['DETECTOR_BUDGET_PER_MINUTE'],
    ).toBeUndefined();
    expect((zoo['Environment'] as { Variables: Record<string, unknown> }).Variables['DETECTOR']).toBe('local');
    expect(zoo['MemorySize']).toBeGreaterThan(news['MemorySize'] as number);
    expect([...new Set(artifacts.requested)].sort()).toEqual(['parse-local', 'parse-rekognition', 'prekog']);
  });

  it('gives each function exactly the environment the synth-time handler check reads (deploy-time names stood in)', () => {
    for (const channel of TWO_CHANNELS.channels) {
      const checked = withDeployTimeStandIns(channel, TWO_CHANNELS);
      for (const name of ['parse', 'prekog'] as const) {
        const deployed = variablesOf(`${name} (${channel.id})`);
        expect(Object.keys(checked[name]).sort(), `${name} (${channel.id})`).toEqual(Object.keys(deployed).sort());
        for (const [variable, value] of Object.entries(deployed)) {
          // a literal is checked as is; a token (Ref/GetAtt of a table, bucket, function) by its stand-in
          if (typeof value === 'string') expect(checked[name][variable], variable).toBe(value);
          else expect(checked[name][variable], variable).toContain(DEPLOY_TIME_NAME);
        }
      }
    }
  });

  it('sends failed async prekog invokes to a queue after bounded retries', () => {
    for (const channel of ['news', 'zoo']) {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: functionIdByDescription(`prekog (${channel})`) },
        MaximumRetryAttempts: 2,
        DestinationConfig: {
          OnFailure: {
            Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp(`Channel${channel}PrekogFailures`), 'Arn'] },
          },
        },
      });
    }
  });
});

describe('secrets', () => {
  it('puts no secret in any environment variable; only prekog of that channel may read the Delta key parameter', () => {
    for (const [, fn] of ofType('AWS::Lambda::Function')) {
      const vars =
        (fn.Properties['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
      expect(Object.keys(vars).filter((k) => SECRET_ENV_NAME.test(k) && !k.endsWith('_PARAMETER'))).toEqual([]);
    }
    const prekog = resources[functionIdByDescription('prekog (news)')]!.Properties;
    expect((prekog['Environment'] as { Variables: Record<string, unknown> }).Variables['DELTA_API_KEY_PARAMETER']).toBe(
      '/catfinder/news/delta-api-key',
    );
    const parse = resources[functionIdByDescription('parse (news)')]!.Properties;
    expect(
      (parse['Environment'] as { Variables: Record<string, unknown> }).Variables['DELTA_API_KEY_PARAMETER'],
    ).toBeUndefined();
    const readers = ofType('AWS::IAM::Policy')
      .filter(([, p]) =>
        actionsOf(
          (p.Properties['PolicyDocument'] as { Statement: { Action: string | string[] }[] }).Statement,
        ).includes('ssm:GetParameter'),
      )
      .flatMap(([, p]) => (p.Properties['Roles'] as { Ref: string }[]).map((r) => r.Ref));
    expect(readers).toEqual([roleOf(functionIdByDescription('prekog (news)'))]);
    const statement = policyStatements(readers).find((st) => actionsOf([st]).includes('ssm:GetParameter'))!;
    expect(JSON.stringify(statement.Resource)).toContain(':parameter/catfinder/news/delta-api-key');
  });
});

describe('observability', () => {
  it('has at least five alarms per channel, each sending to the alarm topic when it fires and recovers', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm');
    for (const channel of ['news', 'zoo']) {
      const mine = alarms.filter(([id]) => id.startsWith(`Channel${channel}Alarms`));
      expect(mine.length, channel).toBeGreaterThanOrEqual(5);
      for (const [, alarm] of mine) {
        expect(alarm.Properties['AlarmActions']).toEqual([{ Ref: expect.stringMatching(/^Alarms/) }]);
        expect(alarm.Properties['OKActions']).toEqual([{ Ref: expect.stringMatching(/^Alarms/) }]);
      }
    }
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  it('alarms on the contract metrics: no segment in 5 min (missing data breaching), lag, parse errors, failure queue, failed clips', () => {
    const news = (name: string): Record<string, unknown> => {
      const found = ofType('AWS::CloudWatch::Alarm').filter(([id]) => id.startsWith(`ChannelnewsAlarms${name}`));
      expect(found, name).toHaveLength(1);
      return found[0]![1].Properties;
    };
    expect(news('NoSegments')).toMatchObject({
      Namespace: 'CatFinder',
      MetricName: 'SegmentsProcessed',
      Dimensions: [{ Name: 'channel', Value: 'news' }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    expect(news('Lag')).toMatchObject({
      MetricName: 'LagSeconds',
      Statistic: 'Maximum',
      Threshold: 120,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(JSON.stringify(news('ParseErrors')['Metrics'])).toContain('"MetricName":"ParseErrors"');
    expect(JSON.stringify(news('ParseErrors')['Metrics'])).toContain('"MetricName":"Errors"');
    expect(news('PrekogFailures')).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
    });
    expect(news('ClipsFailed')).toMatchObject({ MetricName: 'ClipsFailed', Namespace: 'CatFinder', Threshold: 1 });
    expect(news('DetectorBudget')).toMatchObject({ MetricName: 'DetectorSkipped' });
    // a windowed channel alarms only when parse ran and processed nothing (quiet outside its window)
    const zooIdle = ofType('AWS::CloudWatch::Alarm').find(([id]) => id.startsWith('ChannelzooAlarmsNoSegments'))![1]
      .Properties;
    expect(zooIdle['TreatMissingData']).toBe('notBreaching');
    expect(JSON.stringify(zooIdle['Metrics'])).toContain('"MetricName":"Invocations"');
    expect(
      ofType('AWS::CloudWatch::Alarm').find(([id]) => id.startsWith('ChannelzooAlarmsLag'))![1].Properties['Threshold'],
    ).toBe(60);
  });

  it('has one dashboard with segments/min, detector calls/min, clip latency p50/p95 and lag', () => {
    const dashboards = ofType('AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]![1].Properties['DashboardBody']);
    for (const text of [
      'SegmentsProcessed',
      'DetectorCalls',
      'ClipLatency',
      'p50',
      'p95',
      'LagSeconds',
      'Segments processed per minute',
    ]) {
      expect(body).toContain(text);
    }
  });
});

describe('schedules', () => {
  it('runs an always-on channel every minute and a windowed one only inside its cron windows', () => {
    const rules = ofType('AWS::Events::Rule');
    expect(rules).toHaveLength(3);
    const expressions = rules.map(([, r]) => r.Properties['ScheduleExpression']).sort();
    expect(expressions).toEqual(['cron(* 18-21 ? * SAT *)', 'cron(* 9-11 ? * SUN *)', 'rate(1 minute)']);
    for (const [channel, expression] of [
      ['news', 'rate(1 minute)'],
      ['zoo', 'cron(* 18-21 ? * SAT *)'],
      ['zoo', 'cron(* 9-11 ? * SUN *)'],
    ] as const) {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: expression,
        State: 'ENABLED',
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [functionIdByDescription(`parse (${channel})`), 'Arn'] },
            Input: JSON.stringify({ channelId: channel }),
          }),
        ],
      });
    }
  });
});

describe('IAM', () => {
  it('has no wildcard action anywhere in the pipeline roles', () => {
    const roles = ['parse (news)', 'prekog (news)', 'parse (zoo)', 'prekog (zoo)'].map((d) =>
      roleOf(functionIdByDescription(d)),
    );
    const actions = actionsOf(policyStatements(roles));
    expect(actions.length).toBeGreaterThan(10);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
  });

  it('has no service-wide wildcard action in the whole stack (incl. CDK’s deployment role)', () => {
    const actions = actionsOf(policyStatements());
    expect(actions.filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
    expect(actions).not.toContain('dynamodb:*');
  });

  it('grants Rekognition DetectLabels and (faces on by default) RecognizeCelebrities, only to the rekognition channel', () => {
    const news = policyStatements([roleOf(functionIdByDescription('parse (news)'))]);
    const rek = actionsOf(news).filter((a) => a.startsWith('rekognition:'));
    expect(rek.sort()).toEqual(['rekognition:DetectLabels', 'rekognition:RecognizeCelebrities']);
    expect(REKOGNITION_ACTIONS).toEqual(['rekognition:DetectLabels']);
    expect(FACE_RECOGNITION_ACTIONS).toEqual(['rekognition:RecognizeCelebrities']);
    expect(variablesOf('parse (news)')['RECOGNIZE_FACES']).toBe('on');
    const zoo = actionsOf(policyStatements([roleOf(functionIdByDescription('parse (zoo)'))]));
    expect(zoo.filter((a) => a.startsWith('rekognition:'))).toEqual([]);
    expect(variablesOf('parse (zoo)')['RECOGNIZE_FACES']).toBe('off');
    expect(
      actionsOf(policyStatements([roleOf(functionIdByDescription('prekog (news)'))])).filter((a) =>
        a.startsWith('rekognition:'),
      ),
    ).toEqual([]);
  });

  it('grants no RecognizeCelebrities to a Rekognition channel with recognizeFaces false, and turns recognition off there', () => {
    // GIVEN a Rekognition channel that opts out of face recognition WHEN synthesized
    const config = parseConfig(
      { channels: [{ id: 'plain', hlsUrl: 'https://example.com/plain.m3u8', recognizeFaces: false }] },
      'test',
    );
    const other = makeArtifacts();
    try {
      const json = Template.fromStack(makeStack(other, { config })).toJSON() as { Resources: Resources };
      const [, parse] = Object.entries(json.Resources).find(
        ([, r]) => r.Type === 'AWS::Lambda::Function' && String(r.Properties['Description']).includes('parse (plain)'),
      )!;
      const role = (parse.Properties['Role'] as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
      const statements = Object.values(json.Resources)
        .filter(
          (r) =>
            r.Type === 'AWS::IAM::Policy' && (r.Properties['Roles'] as { Ref: string }[]).some((x) => x.Ref === role),
        )
        .flatMap((r) => (r.Properties['PolicyDocument'] as { Statement: { Action: string | string[] }[] }).Statement);
      // THEN parse may detect labels only, and is told not to recognise faces
      expect(actionsOf(statements).filter((a) => a.startsWith('rekognition:'))).toEqual(['rekognition:DetectLabels']);
      expect(
        (parse.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables['RECOGNIZE_FACES'],
      ).toBe('off');
    } finally {
      other.cleanup();
    }
  });

  it('lets parse invoke its own prekog and write only derived prefixes; prekog writes clips', () => {
    const parse = policyStatements([roleOf(functionIdByDescription('parse (news)'))]);
    expect(actionsOf(parse)).toContain('lambda:InvokeFunction');
    const putTargets = JSON.stringify(
      parse.filter((s) => actionsOf([s]).includes('s3:PutObject')).map((s) => s.Resource),
    );
    expect(putTargets).toContain('/samples/*');
    expect(putTargets).toContain('/segments/*');
    expect(putTargets).not.toContain('/clips/*');
    const prekog = policyStatements([roleOf(functionIdByDescription('prekog (news)'))]);
    const prekogPuts = JSON.stringify(
      prekog.filter((s) => actionsOf([s]).includes('s3:PutObject')).map((s) => s.Resource),
    );
    expect(prekogPuts).toContain('/clips/*');
    expect(prekogPuts).not.toContain('/samples/*');
  });
});
