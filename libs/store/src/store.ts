/** `createStore()`: one object giving every repository, built from env or explicit options. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { AppearanceStore } from './appearances';
import { ClipStore } from './clips';
import { createDynamoClient, createS3Client, type ClientOptions } from './clients';
import { EnvReader, bucketFromEnv, tableNamesFromEnv, type TableNames } from './config';
import { DEFAULT_TTL_HOURS, TTL_HOURS_BOUNDS } from './constants';
import type { StoreContext } from './context';
import { ensureBucket, ensureTables } from './ensure';
import { StoreConfigError } from './errors';
import { FeedPublisher } from './feeds';
import { FrameStore } from './frames';
import { LabelStore } from './labels';
import { ObjectStore } from './objects';
import { SegmentStore } from './segments';

/** Options of `createStore`. Anything omitted comes from the environment. */
export interface StoreOptions {
  /** Physical table names. @default tableNamesFromEnv() */
  readonly tables?: TableNames;
  /** Bucket. @default S3_BUCKET */
  readonly bucket?: string;
  /** Hours until derived items expire. @default TTL_HOURS, else 72 */
  readonly ttlHours?: number;
  /** Use these clients instead of creating them (then `clientOptions` is ignored). */
  readonly dynamo?: DynamoDBDocumentClient;
  readonly s3?: S3Client;
  /** Timeouts/retries/endpoint for the clients this creates. @default {} */
  readonly clientOptions?: ClientOptions;
  /** Clock, epoch ms. @default Date.now */
  readonly now?: () => number;
  /** Environment to read. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Everything the store offers. */
export interface Store {
  readonly segments: SegmentStore;
  readonly frames: FrameStore;
  readonly labels: LabelStore;
  readonly appearances: AppearanceStore;
  readonly clips: ClipStore;
  readonly objects: ObjectStore;
  readonly feeds: FeedPublisher;
  readonly tables: TableNames;
  readonly bucket: string;
  /** Creates missing tables and the bucket (local use). */
  ensure(options?: { website?: boolean }): Promise<void>;
  /** Closes the clients this store created. */
  close(): void;
}

function ttlFromEnv(env: Readonly<Record<string, string | undefined>>): number {
  const r = new EnvReader(env);
  const hours = r.number('TTL_HOURS', { default: DEFAULT_TTL_HOURS, ...TTL_HOURS_BOUNDS });
  const problem = r.problems[0];
  if (problem) throw new StoreConfigError(problem.variable, problem.message);
  return hours;
}

/** Builds the store. Throws StoreConfigError naming a missing/malformed variable. */
export function createStore(options: StoreOptions = {}): Store {
  const env = options.env ?? process.env;
  const tables = options.tables ?? tableNamesFromEnv(env);
  const bucket = options.bucket ?? bucketFromEnv(env);
  const ttlHours = options.ttlHours ?? ttlFromEnv(env);
  if (!(ttlHours > 0)) throw new StoreConfigError('ttlHours', `${ttlHours} is not a positive number of hours`);
  const ownDynamo = options.dynamo === undefined;
  const ownS3 = options.s3 === undefined;
  const ddb = options.dynamo ?? createDynamoClient(options.clientOptions);
  const s3 = options.s3 ?? createS3Client(options.clientOptions);
  const ctx: StoreContext = { ddb, s3, tables, bucket, ttlHours, now: options.now ?? Date.now };
  const labels = new LabelStore(ctx);
  const clips = new ClipStore(ctx);
  const appearances = new AppearanceStore(ctx);
  const objects = new ObjectStore(ctx);
  return {
    segments: new SegmentStore(ctx),
    frames: new FrameStore(ctx),
    labels,
    appearances,
    clips,
    objects,
    feeds: new FeedPublisher(ctx, { labels, clips, appearances, objects }),
    tables,
    bucket,
    async ensure(ensureOptions = {}) {
      await ensureTables(ddb, tables);
      await ensureBucket(s3, bucket, ensureOptions);
    },
    close() {
      if (ownDynamo) ddb.destroy();
      if (ownS3) s3.destroy();
    },
  };
}
