/** Idempotent creation of the tables and the bucket, for local use (on AWS the infra stack creates them). */
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  DynamoDBServiceException,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type Projection,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  BucketAlreadyExists,
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  HeadBucketCommand,
  NoSuchBucket,
  NotFound,
  PutBucketWebsiteCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { TableNames } from './config';
import { StoreError, StoreUnavailableError } from './errors';
import { TABLE_LIST, type IndexProjection, type KeyAttribute, type TableDesign } from './schema';
import { sleep } from './util/sleep';

function projection(p: IndexProjection): Projection {
  return p.type === 'INCLUDE'
    ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...p.nonKeyAttributes] }
    : { ProjectionType: p.type };
}

/** The CreateTable input for one design (also handy to compare with what a stack deploys). */
export function createTableInput(design: TableDesign, tableName: string): CreateTableCommandInput {
  const attrs = new Map<string, KeyAttribute>();
  const add = (a: KeyAttribute | undefined) => {
    if (a !== undefined) attrs.set(a.name, a);
  };
  add(design.partitionKey);
  add(design.sortKey);
  for (const g of design.globalSecondaryIndexes) {
    add(g.partitionKey);
    add(g.sortKey);
  }
  for (const l of design.localSecondaryIndexes) add(l.sortKey);
  const keySchema = (pk: KeyAttribute, sk?: KeyAttribute) => [
    { AttributeName: pk.name, KeyType: 'HASH' as const },
    ...(sk === undefined ? [] : [{ AttributeName: sk.name, KeyType: 'RANGE' as const }]),
  ];
  const definitions: AttributeDefinition[] = [...attrs.values()].map((a) => ({
    AttributeName: a.name,
    AttributeType: a.type,
  }));
  return {
    TableName: tableName,
    BillingMode: design.billingMode,
    AttributeDefinitions: definitions,
    KeySchema: keySchema(design.partitionKey, design.sortKey),
    ...(design.globalSecondaryIndexes.length === 0
      ? {}
      : {
          GlobalSecondaryIndexes: design.globalSecondaryIndexes.map((g) => ({
            IndexName: g.indexName,
            KeySchema: keySchema(g.partitionKey, g.sortKey),
            Projection: projection(g.projection),
          })),
        }),
    ...(design.localSecondaryIndexes.length === 0
      ? {}
      : {
          LocalSecondaryIndexes: design.localSecondaryIndexes.map((l) => ({
            IndexName: l.indexName,
            KeySchema: keySchema(design.partitionKey, l.sortKey),
            Projection: projection(l.projection),
          })),
        }),
  };
}

/**
 * A request DynamoDB refused as the client's fault. For UpdateTimeToLive on a table just created
 * here, that is a stand-in without the operation (dynalite): local tables then simply keep their
 * items (TTL only removes derived data); on AWS apps/infra sets TTL. Server faults still fail.
 */
function isClientRefusal(err: unknown): boolean {
  return err instanceof DynamoDBServiceException && err.$fault === 'client';
}

async function tableStatus(client: DynamoDBDocumentClient, name: string): Promise<string | undefined> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: name }));
    return out.Table?.TableStatus ?? 'UNKNOWN';
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return undefined;
    throw new StoreUnavailableError(`describing table ${name} failed: ${(err as Error).message}`, {
      resource: name,
      operation: 'ensureTables',
      cause: err,
    });
  }
}

/**
 * Creates every missing table (keys and indexes from `TABLES`), waits until each is ACTIVE and
 * enables TTL where the stand-in supports it (dynalite does not: its items simply never expire).
 */
export async function ensureTables(
  client: DynamoDBDocumentClient,
  names: TableNames,
  options: { timeoutMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (const design of TABLE_LIST) {
    const name = names[design.logicalName];
    let status = await tableStatus(client, name);
    if (status === undefined) {
      try {
        await client.send(new CreateTableCommand(createTableInput(design, name)));
      } catch (err) {
        // Another process may have created it between describe and create.
        if (!(err instanceof ResourceInUseException))
          throw new StoreError(`creating table ${name} failed: ${(err as Error).message}`, {
            resource: name,
            operation: 'ensureTables',
            cause: err,
          });
      }
      if (design.ttlAttribute !== undefined) {
        try {
          await client.send(
            new UpdateTimeToLiveCommand({
              TableName: name,
              TimeToLiveSpecification: { Enabled: true, AttributeName: design.ttlAttribute },
            }),
          );
        } catch (err) {
          // dynalite has no UpdateTimeToLive (an error of no SDK class); anything else is a real failure.
          if (!isClientRefusal(err)) {
            throw new StoreError(`enabling TTL on ${name} failed: ${(err as Error).message}`, {
              resource: name,
              operation: 'ensureTables',
              cause: err,
            });
          }
        }
      }
    }
    while ((status = await tableStatus(client, name)) !== 'ACTIVE') {
      if (Date.now() > deadline)
        throw new StoreUnavailableError(`table ${name} not ACTIVE in time (status ${status ?? 'missing'})`, {
          resource: name,
          operation: 'ensureTables',
        });
      await sleep(100);
    }
  }
}

/** Options of `ensureBucket`. */
export interface EnsureBucketOptions {
  /**
   * Also configure static website hosting (index document `index.html`), so that on the local
   * S3 stand-in a browser GET of `/<bucket>/` serves the dashboard. @default false
   */
  readonly website?: boolean;
}

/** Creates the bucket if missing (idempotent), optionally with website hosting. */
export async function ensureBucket(s3: S3Client, bucket: string, options: EnsureBucketOptions = {}): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status !== 404 && !(err instanceof NotFound) && !(err instanceof NoSuchBucket)) {
      throw new StoreUnavailableError(`checking bucket ${bucket} failed: ${(err as Error).message}`, {
        resource: bucket,
        operation: 'ensureBucket',
        cause: err,
      });
    }
    try {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (createErr) {
      if (!(createErr instanceof BucketAlreadyOwnedByYou) && !(createErr instanceof BucketAlreadyExists)) {
        throw new StoreError(`creating bucket ${bucket} failed: ${(createErr as Error).message}`, {
          resource: bucket,
          operation: 'ensureBucket',
          cause: createErr,
        });
      }
    }
  }
  if (options.website === true) {
    await s3.send(
      new PutBucketWebsiteCommand({
        Bucket: bucket,
        WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } },
      }),
    );
  }
}
