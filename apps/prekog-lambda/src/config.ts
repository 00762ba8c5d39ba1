/**
 * prekog-lambda configuration from environment variables. Bucket and tables as libs/store
 * defines them, the clipper as libs/delta defines it (CLIPPER, MAX_CLIP_SECONDS, DELTA_*).
 * Every problem of every variable is reported in one ConfigError.
 */
import { readClipperConfig, ClipperConfigError, type ClipperConfig } from '@catfinder/delta';
import { BUCKET_ENV_VAR, TABLE_LIST, bucketFromEnv, type TableNames } from '@catfinder/store';
import { ConfigError, type ConfigProblem } from './errors';

export type Env = Readonly<Record<string, string | undefined>>;

export interface PrekogConfig {
  readonly bucket: string;
  readonly tables: TableNames;
  readonly clipper: ClipperConfig;
  /** Expiry of derived records written here. @default 72 */
  readonly ttlHours: number;
}

const TABLE = /^[A-Za-z0-9_.-]{3,255}$/;

export function readPrekogConfig(env: Env = process.env): PrekogConfig {
  const problems: ConfigProblem[] = [];
  const text = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };

  const bucket = text(BUCKET_ENV_VAR);
  if (bucket === undefined) problems.push({ variable: BUCKET_ENV_VAR, message: 'is required but not set' });
  else {
    try {
      bucketFromEnv({ [BUCKET_ENV_VAR]: bucket });
    } catch (error) {
      problems.push({ variable: BUCKET_ENV_VAR, message: (error as Error).message });
    }
  }

  const tables: Partial<Record<keyof TableNames, string>> = {};
  for (const table of TABLE_LIST) {
    const value = text(table.envVar);
    if (value === undefined) problems.push({ variable: table.envVar, message: 'is required but not set' });
    else if (!TABLE.test(value)) problems.push({ variable: table.envVar, message: `${JSON.stringify(value)} is not a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)` });
    tables[table.logicalName] = value ?? '';
  }

  let ttlHours = 72;
  const ttlText = text('TTL_HOURS');
  if (ttlText !== undefined) {
    const n = Number(ttlText);
    if (!Number.isFinite(n) || n < 1 || n > 24 * 365) problems.push({ variable: 'TTL_HOURS', message: `${JSON.stringify(ttlText)} must be a number of hours from 1 to 8760` });
    else ttlHours = n;
  }

  let clipper: ClipperConfig | undefined;
  try {
    clipper = readClipperConfig(env);
  } catch (error) {
    if (!(error instanceof ClipperConfigError)) throw error;
    for (const p of error.problems) problems.push({ variable: p.variable, message: p.problem });
  }

  if (problems.length > 0 || !clipper) throw new ConfigError(problems);
  return { bucket: bucket!, tables: tables as TableNames, clipper, ttlHours };
}
