/**
 * Configuration sources, later wins:
 *   1. defaults (constants.ts)
 *   2. build time: VITE_FEEDS_BASE, VITE_MEDIA_ORIGIN, VITE_POLL_INTERVAL_MS
 *   3. deploy time: optional `config.json` next to index.html
 *      `{ "feedsBase": "feeds/", "mediaOrigin": "https://…", "pollIntervalMs": 10000 }`
 * A missing config.json is normal; a malformed one is reported and ignored field by field.
 */
import { DEFAULT_FEEDS_BASE, DEFAULT_POLL_INTERVAL_MS, MIN_POLL_INTERVAL_MS } from './constants';
import { ConfigError } from './errors';
import { isRecord } from './feeds/fields';
import type { DashboardConfig } from './types';

export interface BuildEnv {
  VITE_FEEDS_BASE?: string;
  VITE_MEDIA_ORIGIN?: string;
  VITE_POLL_INTERVAL_MS?: string;
}

export interface ConfigOutcome {
  config: DashboardConfig;
  /** Problems found; each names the field and source. */
  errors: ConfigError[];
}

function validPoll(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= MIN_POLL_INTERVAL_MS ? n : undefined;
}

function validOrigin(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function validFeedsBase(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '' || /^[a-z][a-z0-9+.-]*:/i.test(value) && !/^https?:/i.test(value)) {
    return undefined;
  }
  return value.endsWith('/') ? value : `${value}/`;
}

function applySource(
  config: DashboardConfig,
  source: string,
  raw: { feedsBase?: unknown; mediaOrigin?: unknown; pollIntervalMs?: unknown },
  errors: ConfigError[],
): void {
  if (raw.feedsBase !== undefined && raw.feedsBase !== '') {
    const v = validFeedsBase(raw.feedsBase);
    if (v) config.feedsBase = v;
    else errors.push(new ConfigError(`${source} feedsBase`, `${JSON.stringify(raw.feedsBase)} is not a relative path or http(s) URL`));
  }
  if (raw.mediaOrigin !== undefined && raw.mediaOrigin !== '') {
    const v = validOrigin(raw.mediaOrigin);
    if (v) config.mediaOrigin = v;
    else errors.push(new ConfigError(`${source} mediaOrigin`, `${JSON.stringify(raw.mediaOrigin)} is not an absolute http(s) URL`));
  }
  if (raw.pollIntervalMs !== undefined && raw.pollIntervalMs !== '') {
    const v = validPoll(raw.pollIntervalMs);
    if (v) config.pollIntervalMs = v;
    else errors.push(new ConfigError(`${source} pollIntervalMs`, `${JSON.stringify(raw.pollIntervalMs)} is not an integer ≥ ${MIN_POLL_INTERVAL_MS}`));
  }
}

/** Merges defaults, build env and the decoded config.json (undefined when there is none). */
export function resolveConfig(env: BuildEnv, configJson: unknown): ConfigOutcome {
  const errors: ConfigError[] = [];
  const config: DashboardConfig = { feedsBase: DEFAULT_FEEDS_BASE, pollIntervalMs: DEFAULT_POLL_INTERVAL_MS };
  applySource(
    config,
    'build env',
    { feedsBase: env.VITE_FEEDS_BASE, mediaOrigin: env.VITE_MEDIA_ORIGIN, pollIntervalMs: env.VITE_POLL_INTERVAL_MS },
    errors,
  );
  if (configJson !== undefined) {
    if (isRecord(configJson)) applySource(config, 'config.json', configJson, errors);
    else errors.push(new ConfigError('config.json', 'is not a JSON object'));
  }
  return { config, errors };
}
