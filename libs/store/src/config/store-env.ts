/** libs/store's own variables (tables, bucket, TTL_HOURS) read with the shared EnvReader. */
import { DEFAULT_TTL_HOURS, TTL_HOURS_BOUNDS } from '../constants';
import { BUCKET_ENV_VAR, TABLE_LIST } from '../schema';
import type { EnvReader } from './env-reader';
import type { TableNames } from './tables';

// DynamoDB's own rule for table names.
export const TABLE_NAME_RE = /^[A-Za-z0-9_.-]{3,255}$/;
// S3 bucket naming rule (simplified: lowercase, digits, dots, hyphens; 3..63).
export const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** What every handler needs to open the store. */
export interface StoreEnvConfig {
  readonly tables: TableNames;
  readonly bucket: string;
  /** Hours until derived items expire (TTL_HOURS, 1–8760). @default 72 */
  readonly ttlHours: number;
}

/** SEGMENTS_TABLE … CLIPS_TABLE, every problem into `r`. */
export function readTables(r: EnvReader): TableNames {
  const tables: Partial<Record<keyof TableNames, string>> = {};
  for (const table of TABLE_LIST) {
    tables[table.logicalName] = r.string(table.envVar, {
      required: true,
      pattern: TABLE_NAME_RE,
      describe: 'a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)',
    });
  }
  return tables as TableNames;
}

/** S3_BUCKET, its problem into `r`. */
export function readBucket(r: EnvReader): string {
  const bucket = r.string(BUCKET_ENV_VAR, {
    required: true,
    pattern: BUCKET_RE,
    describe: 'a valid bucket name (3-63 of a-z 0-9 . -)',
  });
  if (bucket.includes('..'))
    r.problem(BUCKET_ENV_VAR, `${JSON.stringify(bucket)} is not a valid bucket name (no "..")`);
  return bucket;
}

/** Reads SEGMENTS_TABLE … CLIPS_TABLE, S3_BUCKET and TTL_HOURS, every problem into `r`. */
export function readStoreEnv(r: EnvReader): StoreEnvConfig {
  const tables = readTables(r);
  const bucket = readBucket(r);
  const ttlHours = r.number('TTL_HOURS', { default: DEFAULT_TTL_HOURS, ...TTL_HOURS_BOUNDS });
  return { tables, bucket, ttlHours };
}
