/**
 * parse-lambda configuration from environment variables (the same names locally and on AWS).
 * Every variable is checked and every problem reported in one ConfigError.
 */
import { readMaxLagSeconds, readStartPosition, type StartPosition } from '@catfinder/hls';
import { DEFAULT_ANALYSIS_MAX_WIDTH, DEFAULT_CUT_THRESHOLD } from '@catfinder/media';
import {
  DEFAULT_MAX_CLIP_SECONDS,
  EnvReader,
  MAX_CLIP_SECONDS_BOUNDS,
  readStoreEnv,
  validateChannel,
  validateLabel,
  type Env,
  type TableNames,
} from '@catfinder/store';
import { MAX_LOCAL_THREADS, detectorKindFromEnv, type DetectorKind } from '@catfinder/vision';
import { DETECTOR_BUDGET_BOUNDS } from './detector-budget';
import {
  DEFAULT_DETECT_CONCURRENCY,
  DEFAULT_EXIT_SAMPLES,
  DEFAULT_LABELS,
  DEFAULT_SAMPLE_INTERVAL_SECONDS,
  LIMITS,
} from './constants';
import { parseTriggers, type Trigger } from './triggers';

export type { DetectorKind };
/** libs/vision's default detector (its reader applied to an empty environment). */
const DEFAULT_DETECTOR: DetectorKind = detectorKindFromEnv({});

export interface ParseConfig {
  /** Channel id; used in storage keys, so checked by libs/store's id rule. */
  readonly channelId: string;
  /** Master or media playlist URL of the live channel. */
  readonly hlsUrl: string;
  /** Analyse the highest variant at or below this bandwidth. @default undefined (highest) */
  readonly variantMaxBandwidth?: number;
  /** Where a run with no saved position starts (`START`): the live edge or the oldest listed segment. @default 'live' (libs/hls) */
  readonly start: StartPosition;
  /** Media seconds behind live past which the follower skips to the live edge (`MAX_LAG_SECONDS`), recording a `behind-live` gap. @default 60 (libs/hls) */
  readonly maxLagSeconds: number;
  /** Extra hosts segments may come from besides the playlist's own. @default [] */
  readonly allowedHosts: readonly string[];
  readonly bucket: string;
  readonly tables: TableNames;
  /** Watched labels. @default Cat:55:0:0 */
  readonly triggers: readonly Trigger[];
  /** @default 'local' (libs/vision's default; apps/infra always sets it) */
  readonly detector: DetectorKind;
  /** Scene score at or above which a frame is a cut. @default 0.3 (libs/media) */
  readonly cutThreshold: number;
  /** Seconds between periodic samples inside a long scene. @default 2 */
  readonly sampleIntervalSeconds: number;
  /** Frames are scored and sampled at most this wide (even, px). @default 640 (libs/media) */
  readonly analysisMaxWidth: number;
  /** Consecutive non-matching samples that close an appearance. @default 2 */
  readonly exitSamples: number;
  /** Expiry of derived data. @default 72 (libs/store) */
  readonly ttlHours: number;
  /** Longest clip (also the longest appearance), 1–3600. @default 120 (libs/store) */
  readonly maxClipSeconds: number;
  /** Name or ARN of the prekog function invoked on appearance open/close. */
  readonly prekogFunctionName: string;
  /** Detector calls in flight at once. @default 4 */
  readonly detectConcurrency: number;
  /** DETECTOR_BUDGET_PER_MINUTE: most detector calls in any rolling minute (1–10000); samples over it are skipped and counted. @default no budget */
  readonly detectorBudgetPerMinute?: number;
  /** Local detector threads (`LOCAL_DETECTOR_THREADS`, 1–8). @default libs/vision's autoThreads() */
  readonly localDetectorThreads?: number;
}

const FUNCTION_NAME = /^(arn:[A-Za-z0-9:_./-]+|[A-Za-z0-9_-]{1,140})$/;
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$/;

export function readParseConfig(env: Env = process.env): ParseConfig {
  const r = new EnvReader(env);
  const channelId = r.string('CHANNEL_ID', { required: true });
  r.check('CHANNEL_ID', channelId, validateChannel);
  const hlsUrl = r.url('HLS_URL', { required: true }) ?? '';
  const variantMaxBandwidth = r.optionalNumber('VARIANT_MAX_BANDWIDTH', { min: 1, max: 1e10, integer: true });
  const detectorBudgetPerMinute = r.optionalNumber('DETECTOR_BUDGET_PER_MINUTE', {
    integer: true,
    ...DETECTOR_BUDGET_BOUNDS,
  });
  const localDetectorThreads = r.optionalNumber('LOCAL_DETECTOR_THREADS', {
    min: 1,
    max: MAX_LOCAL_THREADS,
    integer: true,
  });
  const analysisMaxWidth = r.number('ANALYSIS_MAX_WIDTH', {
    default: DEFAULT_ANALYSIS_MAX_WIDTH,
    integer: true,
    ...LIMITS.analysisMaxWidth,
  });
  if (analysisMaxWidth % 2 !== 0)
    r.problem('ANALYSIS_MAX_WIDTH', `${analysisMaxWidth} is odd (frames are scaled to an even width)`);
  const allowedHosts = r.list('ALLOWED_HOSTS');
  const start = readWithLib(r, 'START', readStartPosition);
  const maxLagSeconds = readWithLib(r, 'MAX_LAG_SECONDS', readMaxLagSeconds);
  for (const host of allowedHosts) {
    if (!HOST.test(host)) r.problem('ALLOWED_HOSTS', `${JSON.stringify(host)} is not a host name (host or host:port)`);
  }
  const { bucket, tables, ttlHours } = readStoreEnv(r);
  const parsed = parseTriggers(r.text('LABELS') ?? DEFAULT_LABELS);
  for (const p of parsed.problems) r.problem('LABELS', p);
  for (const t of parsed.triggers) r.check('LABELS', t.label, validateLabel);
  const config: ParseConfig = {
    channelId,
    hlsUrl,
    ...(variantMaxBandwidth === undefined ? {} : { variantMaxBandwidth }),
    start,
    maxLagSeconds,
    allowedHosts,
    bucket,
    tables,
    triggers: parsed.triggers,
    detector: r.oneOf('DETECTOR', ['local', 'rekognition'] as const, DEFAULT_DETECTOR),
    cutThreshold: r.number('CUT_THRESHOLD', { default: DEFAULT_CUT_THRESHOLD, ...LIMITS.cutThreshold }),
    sampleIntervalSeconds: r.number('SAMPLE_INTERVAL', {
      default: DEFAULT_SAMPLE_INTERVAL_SECONDS,
      ...LIMITS.sampleInterval,
    }),
    analysisMaxWidth,
    exitSamples: r.number('EXIT_SAMPLES', { default: DEFAULT_EXIT_SAMPLES, integer: true, ...LIMITS.exitSamples }),
    ttlHours,
    maxClipSeconds: r.number('MAX_CLIP_SECONDS', { default: DEFAULT_MAX_CLIP_SECONDS, ...MAX_CLIP_SECONDS_BOUNDS }),
    prekogFunctionName: r.string('PREKOG_FUNCTION_NAME', {
      required: true,
      pattern: FUNCTION_NAME,
      describe: 'a Lambda function name or ARN',
    }),
    detectConcurrency: r.number('DETECT_CONCURRENCY', {
      default: DEFAULT_DETECT_CONCURRENCY,
      integer: true,
      ...LIMITS.detectConcurrency,
    }),
    ...(localDetectorThreads === undefined ? {} : { localDetectorThreads }),
    ...(detectorBudgetPerMinute === undefined ? {} : { detectorBudgetPerMinute }),
  };
  r.throwIfProblems();
  return config;
}

/**
 * A variable libs/hls owns (its rule and its default), read through the shared EnvReader so its
 * problem is reported with the others; a bad value falls back to the lib's default.
 */
function readWithLib<T>(r: EnvReader, name: string, read: (value: string | undefined, name: string) => T): T {
  try {
    return read(r.text(name), name);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    r.problem(name, message.startsWith(`${name} `) ? message.slice(name.length + 1) : message);
    return read(undefined, name);
  }
}
