import { readFileSync } from 'node:fs';
import {
  CHANNEL_ENV_VARS,
  DEFAULT_MAX_LAG_SECONDS,
  DEFAULT_DERIVED_OBJECT_DAYS,
  DEFAULT_DETECTOR,
  DEFAULT_LABELS,
  DEFAULT_TTL_HOURS,
  DETECTORS,
} from '../constants';
import { ConfigError } from '../errors';
import type { CatFinderConfig, ChannelConfig, Detector } from './types';

// Stricter than the store's channel rule: the id also names CDK constructs and stack outputs
const CHANNEL_ID = /^[a-z0-9][a-z0-9-]{0,30}$/;

/** Reads and validates a channels config file; every problem names the file and the field. */
export function loadConfigFile(path: string): CatFinderConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError('cannot read the channels config file (pass -c channelsFile=<path>)', path, { cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`not valid JSON (${(cause as Error).message})`, path, { cause });
  }
  return parseConfig(raw, path);
}

/** The fields a channels file may have, at the top and in a channel (`env` has CHANNEL_ENV_VARS). */
export const CONFIG_FIELDS = [
  'channels',
  'derivedObjectDays',
  'ttlHours',
  'alarmEmail',
] as const satisfies readonly (keyof CatFinderConfig)[];
export const CHANNEL_FIELDS = [
  'id',
  'hlsUrl',
  'labels',
  'detector',
  'recognizeFaces',
  'parseMemoryMb',
  'env',
  'schedule',
  'detectorBudgetPerMinute',
  'parseReservedConcurrency',
  'maxLagSeconds',
  'deltaApiKeyParameter',
] as const satisfies readonly (keyof ChannelConfig)[];
// compile-time: a field added to the types must be added to the lists above (and read below)
const everyField: [
  | Exclude<keyof CatFinderConfig, (typeof CONFIG_FIELDS)[number]>
  | Exclude<keyof ChannelConfig, (typeof CHANNEL_FIELDS)[number]>,
] extends [never]
  ? true
  : never = true;
void everyField;

/** A misspelt field would otherwise be ignored silently (its default used instead). */
function rejectUnknownFields(raw: Record<string, unknown>, allowed: readonly string[], source: string): void {
  for (const key of Object.keys(raw)) {
    if (allowed.includes(key)) continue;
    const near = allowed.find((a) => a.toLowerCase() === key.toLowerCase());
    throw new ConfigError(
      `unknown field ${JSON.stringify(key)}${near ? ` (did you mean "${near}"?)` : ''}; allowed: ${allowed.join(', ')}`,
      source,
    );
  }
}

/** Validates an already-parsed config object. `source` names it in errors. */
export function parseConfig(raw: unknown, source: string): CatFinderConfig {
  if (!isObject(raw)) throw new ConfigError('expected an object with a "channels" array', source);
  rejectUnknownFields(raw, CONFIG_FIELDS, source);
  const channelsRaw = raw['channels'];
  if (!Array.isArray(channelsRaw) || channelsRaw.length === 0) {
    throw new ConfigError('"channels" must be a non-empty array', source);
  }
  const channels = channelsRaw.map((c, i) => parseChannel(c, `${source} channels[${i}]`));
  const seen = new Set<string>();
  for (const c of channels) {
    if (seen.has(c.id)) throw new ConfigError(`duplicate channel id "${c.id}"`, source);
    seen.add(c.id);
  }
  const alarmEmail = raw['alarmEmail'];
  if (alarmEmail !== undefined && (typeof alarmEmail !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail))) {
    throw new ConfigError(`"alarmEmail" must be an e-mail address (got ${JSON.stringify(alarmEmail)})`, source);
  }
  return {
    channels,
    derivedObjectDays: positiveInt(raw['derivedObjectDays'], DEFAULT_DERIVED_OBJECT_DAYS, 'derivedObjectDays', source),
    // TTL_HOURS: its range is libs/store's (checkHandlerConfig)
    ttlHours: optionalNumber(raw['ttlHours'], 'ttlHours', source) ?? DEFAULT_TTL_HOURS,
    ...(alarmEmail === undefined ? {} : { alarmEmail: alarmEmail as string }),
  };
}

/** Shown when channels.json still holds the placeholder instead of the user's live channel. */
export const PLACEHOLDER_URL_HELP =
  'put the http(s) URL of a LIVE HLS playlist you are allowed to use (a master or media .m3u8 that keeps ' +
  'sliding forward and has no #EXT-X-ENDLIST, e.g. your MediaLive/MediaPackage endpoint). A VOD sample is ' +
  'read once and never yields a new clip. See apps/infra/README.md, "Choose a live channel"';

function parseChannel(raw: unknown, source: string): ChannelConfig {
  if (!isObject(raw)) throw new ConfigError('expected an object', source);
  rejectUnknownFields(raw, CHANNEL_FIELDS, source);
  const id = raw['id'];
  if (typeof id !== 'string' || !CHANNEL_ID.test(id)) {
    throw new ConfigError(`"id" must match ${CHANNEL_ID} (got ${JSON.stringify(id)})`, source);
  }
  const hlsUrl = raw['hlsUrl'];
  if (typeof hlsUrl === 'string' && hlsUrl.trim().startsWith('<')) {
    throw new ConfigError(
      `"hlsUrl" is still the placeholder ${JSON.stringify(hlsUrl)}: ${PLACEHOLDER_URL_HELP}`,
      source,
    );
  }
  // only the shape here: the values' rules are the handlers' own (checkHandlerConfig runs them)
  if (typeof hlsUrl !== 'string') {
    throw new ConfigError(`"hlsUrl" must be an http(s) URL string (got ${JSON.stringify(hlsUrl)})`, source);
  }
  const labels = raw['labels'] ?? DEFAULT_LABELS;
  if (typeof labels !== 'string') {
    throw new ConfigError(
      `"labels" must be a string like "Cat:60,Person:70:1:1" (got ${JSON.stringify(labels)})`,
      source,
    );
  }
  const detector = raw['detector'] ?? DEFAULT_DETECTOR;
  if (!(DETECTORS as readonly unknown[]).includes(detector)) {
    throw new ConfigError(
      `"detector" must be one of ${DETECTORS.join(', ')} (got ${JSON.stringify(detector)})`,
      source,
    );
  }
  const envRaw = raw['env'] ?? {};
  if (!isObject(envRaw)) throw new ConfigError('"env" must be an object of strings', source);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(envRaw)) {
    if (key === 'DELTA_API_KEY') {
      throw new ConfigError(
        '"env.DELTA_API_KEY" would put a secret in an environment variable: store it as an SSM SecureString and set "deltaApiKeyParameter" to its name',
        source,
      );
    }
    if (!CHANNEL_ENV_VARS.includes(key)) {
      throw new ConfigError(`"env.${key}" is not a channel variable (allowed: ${CHANNEL_ENV_VARS.join(', ')})`, source);
    }
    if (typeof value !== 'string') throw new ConfigError(`"env.${key}" must be a string`, source);
    env[key] = value;
  }
  const recognizeFaces = raw['recognizeFaces'] ?? detector === 'rekognition';
  if (typeof recognizeFaces !== 'boolean')
    throw new ConfigError(`"recognizeFaces" must be true or false (got ${JSON.stringify(recognizeFaces)})`, source);
  if (recognizeFaces && detector === 'local') {
    throw new ConfigError(
      '"recognizeFaces" needs "detector": "rekognition" (RecognizeCelebrities): the local named-faces gallery (FACES_DIR) is not deployed to Lambda',
      source,
    );
  }
  const memory = raw['parseMemoryMb'];
  if (memory !== undefined && (!Number.isInteger(memory) || (memory as number) < 128 || (memory as number) > 10240)) {
    throw new ConfigError(`"parseMemoryMb" must be an integer 128..10240 (got ${JSON.stringify(memory)})`, source);
  }
  return {
    id,
    hlsUrl,
    labels,
    detector: detector as Detector,
    recognizeFaces,
    env,
    ...(memory === undefined ? {} : { parseMemoryMb: memory as number }),
    ...parseCostAndOps(raw, source),
  };
}

/** EventBridge cron(...) with 6 fields: minutes hours day-of-month month day-of-week year. */
const CRON = /^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/;
/** SSM parameter names: a path of letters, digits and _.-/ */
const PARAMETER_NAME = /^[a-zA-Z0-9_.\-/]{1,1011}$/;

/** The optional schedule window, detector budget, reserved concurrency, lag threshold and Delta key. */
function parseCostAndOps(
  raw: Record<string, unknown>,
  source: string,
): Omit<ChannelConfig, 'id' | 'hlsUrl' | 'labels' | 'detector' | 'recognizeFaces' | 'env' | 'parseMemoryMb'> {
  const schedule = raw['schedule'];
  if (
    schedule !== undefined &&
    (!Array.isArray(schedule) || schedule.length === 0 || !schedule.every((e) => typeof e === 'string' && CRON.test(e)))
  ) {
    throw new ConfigError(
      `"schedule" must be a non-empty array of EventBridge cron expressions such as "cron(* 18-21 ? * SAT *)" (every minute, Saturdays 18:00-21:59 UTC) (got ${JSON.stringify(schedule)})`,
      source,
    );
  }
  // DETECTOR_BUDGET_PER_MINUTE: its rule is parse's (checkHandlerConfig)
  const budget = optionalNumber(raw['detectorBudgetPerMinute'], 'detectorBudgetPerMinute', source);
  const reserved = optionalInt(raw['parseReservedConcurrency'], 1, 1000, 'parseReservedConcurrency', source);
  const maxLag = optionalInt(raw['maxLagSeconds'], 10, 86_400, 'maxLagSeconds', source);
  const parameter = raw['deltaApiKeyParameter'];
  if (parameter !== undefined && (typeof parameter !== 'string' || !PARAMETER_NAME.test(parameter))) {
    throw new ConfigError(
      `"deltaApiKeyParameter" must be an SSM parameter name such as "/catfinder/delta-api-key" (got ${JSON.stringify(parameter)})`,
      source,
    );
  }
  return {
    maxLagSeconds: maxLag ?? DEFAULT_MAX_LAG_SECONDS,
    ...(schedule === undefined ? {} : { schedule: schedule as string[] }),
    ...(budget === undefined ? {} : { detectorBudgetPerMinute: budget }),
    ...(reserved === undefined ? {} : { parseReservedConcurrency: reserved }),
    ...(parameter === undefined ? {} : { deltaApiKeyParameter: parameter as string }),
  };
}

function optionalInt(value: unknown, min: number, max: number, field: string, source: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new ConfigError(`"${field}" must be an integer ${min}..${max} (got ${JSON.stringify(value)})`, source);
  }
  return value as number;
}

/** A number whose rule is a handler's: only its JSON type is checked here. */
function optionalNumber(value: unknown, field: string, source: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(`"${field}" must be a number (got ${JSON.stringify(value)})`, source);
  }
  return value;
}

function positiveInt(value: unknown, fallback: number, field: string, source: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new ConfigError(`"${field}" must be a positive integer (got ${JSON.stringify(value)})`, source);
  }
  return value as number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
