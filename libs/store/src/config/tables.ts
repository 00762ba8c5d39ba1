/** Reading table and bucket names from the environment (same names locally and on AWS). */
import { StoreConfigError } from '../errors';
import { BUCKET_ENV_VAR, TABLE_LIST, type TableName } from '../schema';
import { EnvReader, type Env } from './env-reader';
import { readBucket, readTables } from './store-env';

/** Physical table names, by logical name. */
export type TableNames = { readonly [K in TableName]: string };

/** The first problem a reader found, as the StoreConfigError this module's functions throw. */
function firstProblem(r: EnvReader): void {
  const problem = r.problems[0];
  if (problem) throw new StoreConfigError(problem.variable, problem.message);
}

/**
 * Physical table names from SEGMENTS_TABLE, FRAMES_TABLE, LABELS_TABLE, APPEARANCES_TABLE,
 * CLIPS_TABLE. Throws `StoreConfigError` naming the first missing or malformed variable.
 */
export function tableNamesFromEnv(env: Env = process.env): TableNames {
  const r = new EnvReader(env);
  const tables = readTables(r);
  firstProblem(r);
  return tables;
}

/** Bucket name from S3_BUCKET. Throws `StoreConfigError` if missing or malformed. */
export function bucketFromEnv(env: Env = process.env): string {
  const r = new EnvReader(env);
  const bucket = readBucket(r);
  firstProblem(r);
  return bucket;
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
