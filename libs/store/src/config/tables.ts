/** Reading table and bucket names from the environment (same names locally and on AWS). */
import { StoreConfigError } from '../errors';
import { BUCKET_ENV_VAR, TABLE_LIST, type TableName } from '../schema';

/** Physical table names, by logical name. */
export type TableNames = { readonly [K in TableName]: string };

// DynamoDB's own rule for table names.
export const TABLE_NAME_RE = /^[A-Za-z0-9_.-]{3,255}$/;
// S3 bucket naming rule (simplified: lowercase, digits, dots, hyphens; 3..63).
export const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

type Env = Readonly<Record<string, string | undefined>>;

function readVar(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') throw new StoreConfigError(name, 'is not set (expected a DynamoDB table / S3 bucket name)');
  return value.trim();
}

/**
 * Physical table names from SEGMENTS_TABLE, FRAMES_TABLE, LABELS_TABLE, APPEARANCES_TABLE,
 * CLIPS_TABLE. Throws `StoreConfigError` naming the first missing or malformed variable.
 */
export function tableNamesFromEnv(env: Env = process.env): TableNames {
  const out: Partial<Record<TableName, string>> = {};
  for (const t of TABLE_LIST) {
    const value = readVar(env, t.envVar);
    if (!TABLE_NAME_RE.test(value)) throw new StoreConfigError(t.envVar, `${JSON.stringify(value)} is not a valid table name (3-255 of A-Z a-z 0-9 _ . -)`);
    out[t.logicalName] = value;
  }
  return out as TableNames;
}

/** Bucket name from S3_BUCKET. Throws `StoreConfigError` if missing or malformed. */
export function bucketFromEnv(env: Env = process.env): string {
  const value = readVar(env, BUCKET_ENV_VAR);
  if (!BUCKET_RE.test(value) || value.includes('..')) throw new StoreConfigError(BUCKET_ENV_VAR, `${JSON.stringify(value)} is not a valid bucket name (3-63 of a-z 0-9 . -)`);
  return value;
}

/** Table names derived from a prefix, for local use and tests: `<prefix>-segments`, …. */
export function tableNamesWithPrefix(prefix: string): TableNames {
  const out: Partial<Record<TableName, string>> = {};
  for (const t of TABLE_LIST) out[t.logicalName] = `${prefix}-${t.logicalName}`;
  return out as TableNames;
}

/** The environment variables that point the store at the given tables and bucket. */
export function tableEnv(names: TableNames, bucket: string): Record<string, string> {
  const env: Record<string, string> = { [BUCKET_ENV_VAR]: bucket };
  for (const t of TABLE_LIST) env[t.envVar] = names[t.logicalName];
  return env;
}
