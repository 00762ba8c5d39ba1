/**
 * prekog-lambda configuration from environment variables, read with libs/store's EnvReader:
 * bucket, tables and TTL_HOURS as libs/store defines them, the clipper as libs/delta defines it
 * (CLIPPER, MAX_CLIP_SECONDS, DELTA_*). Every problem of every variable is reported in one
 * ConfigError.
 */
import { readClipperEnv, type ClipperConfig } from '@catfinder/delta';
import { EnvReader, readStoreEnv, type Env, type TableNames } from '@catfinder/store';

export type { Env };

export interface PrekogConfig {
  readonly bucket: string;
  readonly tables: TableNames;
  readonly clipper: ClipperConfig;
  /** Expiry of derived records written here. @default 72 (libs/store) */
  readonly ttlHours: number;
}

export function readPrekogConfig(env: Env = process.env): PrekogConfig {
  const r = new EnvReader(env);
  const { bucket, tables, ttlHours } = readStoreEnv(r);
  const clipper = readClipperEnv(r);
  r.throwIfProblems();
  return { bucket, tables, clipper, ttlHours };
}
