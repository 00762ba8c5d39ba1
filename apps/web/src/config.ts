/**
 * Configuration sources, later wins:
 *   1. defaults (constants.ts)
 *   2. build time: VITE_FEEDS_BASE, VITE_MEDIA_ORIGIN, VITE_POLL_INTERVAL_MS, VITE_LIVE_ORIGIN
 *   3. deploy time: optional `config.json` next to index.html
 *      `{ "feedsBase": "feeds/", "mediaOrigin": "https://…", "pollIntervalMs": 10000, "pipeline": true }`
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
  VITE_LIVE_ORIGIN?: string;
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
  if (
    typeof value !== 'string' ||
    value.trim() === '' ||
    (/^[a-z][a-z0-9+.-]*:/i.test(value) && !/^https?:/i.test(value))
  ) {
    return undefined;
  }
  return value.endsWith('/') ? value : `${value}/`;
}

/** One setting: how a raw value is checked and what the error says it should be. */
type Setting = {
  [K in keyof DashboardConfig]-?: {
    key: K;
    validate: (value: unknown) => DashboardConfig[K] | undefined;
    expected: string;
  };
}[keyof DashboardConfig];

const SETTINGS: readonly Setting[] = [
  { key: 'feedsBase', validate: validFeedsBase, expected: 'is not a relative path or http(s) URL' },
  { key: 'mediaOrigin', validate: validOrigin, expected: 'is not an absolute http(s) URL' },
  { key: 'pollIntervalMs', validate: validPoll, expected: `is not an integer ≥ ${MIN_POLL_INTERVAL_MS}` },
  { key: 'liveOrigin', validate: validOrigin, expected: 'is not an absolute http(s) URL' },
  { key: 'pipeline', validate: (v) => (typeof v === 'boolean' ? v : undefined), expected: 'is not true or false' },
];

/** Applies each set (non-empty) field of one source; a bad one is reported and leaves the earlier value. */
function applySource(
  config: DashboardConfig,
  source: string,
  raw: Partial<Record<keyof DashboardConfig, unknown>>,
  errors: ConfigError[],
): void {
  for (const setting of SETTINGS) {
    const value = raw[setting.key];
    if (value === undefined || value === '') continue;
    const valid = setting.validate(value);
    if (valid !== undefined) Object.assign(config, { [setting.key]: valid });
    else errors.push(new ConfigError(`${source} ${setting.key}`, `${JSON.stringify(value)} ${setting.expected}`));
  }
}

/** Merges defaults, build env and the decoded config.json (undefined when there is none). */
export function resolveConfig(env: BuildEnv, configJson: unknown): ConfigOutcome {
  const errors: ConfigError[] = [];
  const config: DashboardConfig = { feedsBase: DEFAULT_FEEDS_BASE, pollIntervalMs: DEFAULT_POLL_INTERVAL_MS };
  applySource(
    config,
    'build env',
    {
      feedsBase: env.VITE_FEEDS_BASE,
      mediaOrigin: env.VITE_MEDIA_ORIGIN,
      pollIntervalMs: env.VITE_POLL_INTERVAL_MS,
      liveOrigin: env.VITE_LIVE_ORIGIN,
    },
    errors,
  );
  if (configJson !== undefined) {
    if (isRecord(configJson)) applySource(config, 'config.json', configJson, errors);
    else errors.push(new ConfigError('config.json', 'is not a JSON object'));
  }
  return { config, errors };
}
