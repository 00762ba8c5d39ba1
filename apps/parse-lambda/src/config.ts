/**
 * parse-lambda configuration from environment variables (the same names locally and on AWS).
 * Every variable is checked and every problem reported in one ConfigError.
 */
import {
  DEFAULT_CUT_THRESHOLD,
  DEFAULT_DETECT_CONCURRENCY,
  DEFAULT_DETECTOR,
  DEFAULT_EXIT_SAMPLES,
  DEFAULT_LABELS,
  DEFAULT_MAX_CLIP_SECONDS,
  DEFAULT_SAMPLE_INTERVAL_SECONDS,
  DEFAULT_TTL_HOURS,
  LIMITS,
} from './constants';
import { BUCKET_ENV_VAR, TABLE_LIST, bucketFromEnv, validateChannel, validateLabel, type TableNames } from '@catfinder/store';
import { DEFAULT_ANALYSIS_MAX_WIDTH } from '@catfinder/media';
import { MAX_LOCAL_THREADS } from '@catfinder/vision';
import { EnvReader, type Env } from './env-reader';
import { ConfigError } from './errors';
import { parseTriggers, type Trigger } from './triggers';

export type DetectorKind = 'local' | 'rekognition';

export interface ParseConfig {
  /** Channel id; used in storage keys, so checked by libs/store's id rule. */
  readonly channelId: string;
  /** Master or media playlist URL of the live channel. */
  readonly hlsUrl: string;
  /** Analyse the highest variant at or below this bandwidth. @default undefined (highest) */
  readonly variantMaxBandwidth?: number;
  /** Extra hosts segments may come from besides the playlist's own. @default [] */
  readonly allowedHosts: readonly string[];
  readonly bucket: string;
  readonly tables: TableNames;
  /** Watched labels. @default Cat:55:0:0 */
  readonly triggers: readonly Trigger[];
  /** @default 'rekognition' */
  readonly detector: DetectorKind;
  /** Scene score at or above which a frame is a cut. @default 0.3 */
  readonly cutThreshold: number;
  /** Seconds between periodic samples inside a long scene. @default 2 */
  readonly sampleIntervalSeconds: number;
  /** Frames are scored and sampled at most this wide (even, px). @default 640 (libs/media) */
  readonly analysisMaxWidth: number;
  /** Consecutive non-matching samples that close an appearance. @default 2 */
  readonly exitSamples: number;
  /** Expiry of derived data. @default 72 (as libs/store) */
  readonly ttlHours: number;
  /** Longest clip (also the longest appearance). @default 120 */
  readonly maxClipSeconds: number;
  /** Name or ARN of the prekog function invoked on appearance open/close. */
  readonly prekogFunctionName: string;
  /** Detector calls in flight at once. @default 4 */
  readonly detectConcurrency: number;
  /** Local detector threads (`LOCAL_DETECTOR_THREADS`, 1–8). @default libs/vision's autoThreads() */
  readonly localDetectorThreads?: number;
}

const TABLE = /^[A-Za-z0-9_.-]{3,255}$/;
const FUNCTION_NAME = /^(arn:[A-Za-z0-9:_./-]+|[A-Za-z0-9_-]{1,140})$/;
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$/;

/** Table names, one variable per table of libs/store's design, every bad one reported. */
export function readTables(r: EnvReader): TableNames {
  const out: Partial<Record<keyof TableNames, string>> = {};
  for (const table of TABLE_LIST) {
    out[table.logicalName] = r.string(table.envVar, { required: true, pattern: TABLE, describe: 'a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)' });
  }
  return out as TableNames;
}

/** Runs one of libs/store's validators, turning its error into a config problem. */
export function checkWith(r: EnvReader, variable: string, value: string | undefined, validate: (v: string) => unknown): void {
  if (value === undefined || value === '') return;
  try {
    validate(value);
  } catch (error) {
    r.problem(variable, error instanceof Error ? error.message : String(error));
  }
}

export function readParseConfig(env: Env = process.env): ParseConfig {
  const r = new EnvReader(env);
  const channelId = r.string('CHANNEL_ID', { required: true });
  checkWith(r, 'CHANNEL_ID', channelId, validateChannel);
  const hlsUrl = r.url('HLS_URL', { required: true }) ?? '';
  const bandwidthText = r.text('VARIANT_MAX_BANDWIDTH');
  const variantMaxBandwidth =
    bandwidthText === undefined ? undefined : r.number('VARIANT_MAX_BANDWIDTH', { default: 0, min: 1, max: 1e10, integer: true });
  const localDetectorThreads =
    r.text('LOCAL_DETECTOR_THREADS') === undefined ? undefined : r.number('LOCAL_DETECTOR_THREADS', { default: 0, min: 1, max: MAX_LOCAL_THREADS, integer: true });
  const analysisMaxWidth = r.number('ANALYSIS_MAX_WIDTH', { default: DEFAULT_ANALYSIS_MAX_WIDTH, integer: true, ...LIMITS.analysisMaxWidth });
  if (analysisMaxWidth % 2 !== 0) r.problem('ANALYSIS_MAX_WIDTH', `${analysisMaxWidth} is odd (frames are scaled to an even width)`);
  const allowedHosts = r.list('ALLOWED_HOSTS');
  for (const host of allowedHosts) {
    if (!HOST.test(host)) r.problem('ALLOWED_HOSTS', `${JSON.stringify(host)} is not a host name (host or host:port)`);
  }
  const bucket = r.string('S3_BUCKET', { required: true });
  checkWith(r, BUCKET_ENV_VAR, bucket, (b) => bucketFromEnv({ [BUCKET_ENV_VAR]: b }));
  const tables = readTables(r);
  const parsed = parseTriggers(r.text('LABELS') ?? DEFAULT_LABELS);
  for (const p of parsed.problems) r.problem('LABELS', p);
  for (const t of parsed.triggers) checkWith(r, 'LABELS', t.label, validateLabel);
  const config: ParseConfig = {
    channelId,
    hlsUrl,
    ...(variantMaxBandwidth === undefined ? {} : { variantMaxBandwidth }),
    allowedHosts,
    bucket,
    tables,
    triggers: parsed.triggers,
    detector: r.oneOf('DETECTOR', ['local', 'rekognition'] as const, DEFAULT_DETECTOR),
    cutThreshold: r.number('CUT_THRESHOLD', { default: DEFAULT_CUT_THRESHOLD, ...LIMITS.cutThreshold }),
    sampleIntervalSeconds: r.number('SAMPLE_INTERVAL', { default: DEFAULT_SAMPLE_INTERVAL_SECONDS, ...LIMITS.sampleInterval }),
    analysisMaxWidth,
    exitSamples: r.number('EXIT_SAMPLES', { default: DEFAULT_EXIT_SAMPLES, integer: true, ...LIMITS.exitSamples }),
    ttlHours: r.number('TTL_HOURS', { default: DEFAULT_TTL_HOURS, ...LIMITS.ttlHours }),
    maxClipSeconds: r.number('MAX_CLIP_SECONDS', { default: DEFAULT_MAX_CLIP_SECONDS, ...LIMITS.maxClipSeconds }),
    prekogFunctionName: r.string('PREKOG_FUNCTION_NAME', { required: true, pattern: FUNCTION_NAME, describe: 'a Lambda function name or ARN' }),
    detectConcurrency: r.number('DETECT_CONCURRENCY', { default: DEFAULT_DETECT_CONCURRENCY, integer: true, ...LIMITS.detectConcurrency }),
    ...(localDetectorThreads === undefined ? {} : { localDetectorThreads }),
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}
