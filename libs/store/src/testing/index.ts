/**
 * Local stand-ins for DynamoDB (dynalite) and S3 (s3rver), for tests and the local stack. Each
 * runs in its own child process on 127.0.0.1 (free port by default), so tests can crash and
 * restart it, and so s3rver can get `--openssl-legacy-provider` without touching the caller.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynalite, startS3rver, type DynaliteHandle, type S3rverHandle, type StandInEndpoints } from './servers';

export type { ChildExit } from './child';
export {
  startDynalite,
  startS3rver,
  startSharedStandIns,
  type DynaliteHandle,
  type DynaliteOptions,
  type S3rverHandle,
  type S3rverOptions,
  type StandInEndpoints,
} from './servers';
import { createDynamoClient, createS3Client } from '../clients';
import { tableEnv, tableNamesWithPrefix, type TableNames } from '../config';
import { ensureBucket, ensureTables } from '../ensure';

/** Dummy credentials: the stand-ins accept any signature. */
export const STAND_IN_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
/** Region the stand-ins are addressed with. */
export const STAND_IN_REGION = 'us-east-1';

/** The environment that points AWS SDK clients at the stand-ins. */
export function standInEnv(endpoints: { dynamodb?: string; s3?: string }): Record<string, string> {
  return {
    AWS_REGION: STAND_IN_REGION,
    AWS_ACCESS_KEY_ID: STAND_IN_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: STAND_IN_CREDENTIALS.secretAccessKey,
    ...(endpoints.dynamodb === undefined ? {} : { AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb }),
    ...(endpoints.s3 === undefined ? {} : { AWS_ENDPOINT_URL_S3: endpoints.s3 }),
  };
}

/** Options of `startStandIns`. */
export interface StandInsOptions {
  /** Parent folder for `dynamodb/` and `s3/` data (persistent across runs). @default a fresh temp folder */
  readonly dataDir?: string;
  /** Table name prefix (`<prefix>-segments`, …). @default `catfinder` */
  readonly tablePrefix?: string;
  /** Bucket name. @default `catfinder` */
  readonly bucket?: string;
  /** Ports. @default 0 (free ports) */
  readonly dynamodbPort?: number;
  readonly s3Port?: number;
  /** Create tables and the bucket (with website hosting). @default true */
  readonly create?: boolean;
}

/** Both stand-ins, with tables and bucket created. */
export interface StandIns {
  readonly dynamodb: DynaliteHandle;
  readonly s3: S3rverHandle;
  readonly tables: TableNames;
  readonly bucket: string;
  /**
   * Every variable the store (and the apps) need: AWS_ENDPOINT_URL_DYNAMODB,
   * AWS_ENDPOINT_URL_S3, AWS_REGION, dummy credentials, S3_BUCKET, the *_TABLE names.
   */
  readonly env: Record<string, string>;
  /** Browser URL of the site root (`<s3 endpoint>/<bucket>/`); feed URLs are relative to it. */
  readonly siteUrl: string;
  stop(options?: { removeData?: boolean }): Promise<void>;
}

/** The store's tables and the site bucket (website hosting on) on running stand-ins; idempotent. */
async function createTablesAndBucket(endpoints: StandInEndpoints, tables: TableNames, bucket: string): Promise<void> {
  const clientOptions = { region: STAND_IN_REGION, credentials: STAND_IN_CREDENTIALS };
  const ddb = createDynamoClient({ ...clientOptions, endpoint: endpoints.dynamodb });
  const s3 = createS3Client({ ...clientOptions, endpoint: endpoints.s3 });
  try {
    await ensureTables(ddb, tables);
    await ensureBucket(s3, bucket, { website: true });
  } finally {
    ddb.destroy();
    s3.destroy();
  }
}

/** Starts dynalite and s3rver, creates tables and bucket, returns the env to use them. */
export async function startStandIns(options: StandInsOptions = {}): Promise<StandIns> {
  const root = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'catfinder-standins-')));
  const bucket = options.bucket ?? 'catfinder';
  const tables = tableNamesWithPrefix(options.tablePrefix ?? 'catfinder');
  const [dynamodb, s3] = await Promise.all([
    startDynalite({ dataDir: join(root, 'dynamodb'), port: options.dynamodbPort }),
    startS3rver({ dataDir: join(root, 's3'), port: options.s3Port }),
  ]);
  try {
    if (options.create !== false)
      await createTablesAndBucket({ dynamodb: dynamodb.endpoint, s3: s3.endpoint }, tables, bucket);
  } catch (err) {
    await Promise.all([dynamodb.stop(), s3.stop()]);
    throw err;
  }
  return {
    dynamodb,
    s3,
    tables,
    bucket,
    env: { ...standInEnv({ dynamodb: dynamodb.endpoint, s3: s3.endpoint }), ...tableEnv(tables, bucket) },
    siteUrl: `${s3.endpoint}/${bucket}/`,
    async stop(stopOptions = {}) {
      await Promise.all([dynamodb.stop(), s3.stop()]);
      if (stopOptions.removeData === true && options.dataDir === undefined)
        await rm(root, { recursive: true, force: true });
    },
  };
}

/** Tables and a bucket of their own on another pair's servers; `stop()` leaves the servers running. */
export type StandInsOn = Omit<StandIns, 'dynamodb' | 's3'> & {
  readonly dynamodb: { readonly endpoint: string };
  readonly s3: { readonly endpoint: string };
};

/**
 * Fresh tables (`<prefix>-…`) and a fresh bucket (`prefix`) on running stand-ins: as empty as a
 * new pair for the caller, without the ~0.7 s of CPU a pair's start costs. For tests that share
 * one pair per run and do not stop, kill or restart a server.
 */
export async function standInsOn(endpoints: StandInEndpoints, prefix: string): Promise<StandInsOn> {
  const tables = tableNamesWithPrefix(prefix);
  await createTablesAndBucket(endpoints, tables, prefix);
  return {
    dynamodb: { endpoint: endpoints.dynamodb },
    s3: { endpoint: endpoints.s3 },
    tables,
    bucket: prefix,
    env: { ...standInEnv(endpoints), ...tableEnv(tables, prefix) },
    siteUrl: `${endpoints.s3}/${prefix}/`,
    stop: async () => undefined,
  };
}
