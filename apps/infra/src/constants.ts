import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** Defaults for the CatFinder stack, applied once with `??` where options are read. */

/** Lambda runtime generation shipped by this stack (the bundles target it). */
export const NODE_TARGET = 'node22';

/** Days after which derived S3 objects (`samples/`, `segments/`) expire. */
export const DEFAULT_DERIVED_OBJECT_DAYS = 3;

/** Hours after which derived DynamoDB items expire (TTL_HOURS). */
export const DEFAULT_TTL_HOURS = 72;

/** parse: memory (MB). The original workshop used 1024 MB / 2 min. */
export const DEFAULT_PARSE_MEMORY_MB = 1024;
/** parse with the local detector: tfjs-wasm + CenterNet need more headroom (and more CPU). */
export const DEFAULT_PARSE_LOCAL_MEMORY_MB = 2048;
/** parse timeout (seconds); the schedule fires every minute and concurrency is 1. */
export const DEFAULT_PARSE_TIMEOUT_SECONDS = 120;
/** prekog: memory (MB); ffmpeg re-encodes the clip's edge GOPs. */
export const DEFAULT_PREKOG_MEMORY_MB = 2048;
/** prekog timeout (seconds): a 120 s clip is at most a few re-encoded GOPs plus a remux. */
export const DEFAULT_PREKOG_TIMEOUT_SECONDS = 300;
/** /tmp for prekog (MB): segments of a 120 s clip plus the output. */
export const DEFAULT_PREKOG_EPHEMERAL_MB = 2048;
/** Async retries of a failed prekog invoke before it goes to the failure queue. */
export const PREKOG_RETRY_ATTEMPTS = 2;
/** Days CloudWatch keeps function logs. */
export const LOG_RETENTION = RetentionDays.TWO_WEEKS;
/** Cache lifetime (seconds) for `feeds/*` at CloudFront; the dashboard polls every 10 s. */
export const FEED_CACHE_SECONDS = 5;

/** Where the ffmpeg layer puts the binary (layers are mounted at /opt). */
export const FFMPEG_LAYER_PATH = '/opt/bin/ffmpeg';

/** S3 key prefixes (see CONTRACTS.md). */
export const PREFIX = {
  samples: 'samples/',
  segments: 'segments/',
  clips: 'clips/',
  feeds: 'feeds/',
} as const;

/** Environment variables a channel may set through its `env` block (CONTRACTS.md). */
export const CHANNEL_ENV_VARS: readonly string[] = [
  'VARIANT_MAX_BANDWIDTH',
  'ALLOWED_HOSTS',
  'CUT_THRESHOLD',
  'SAMPLE_INTERVAL',
  'EXIT_SAMPLES',
  'MAX_CLIP_SECONDS',
  'CLIPPER',
  'DELTA_URL',
  'DELTA_CONTENTNAME',
  'DELTA_USER',
  'DELTA_API_KEY',
];

/** Detectors a channel can choose. */
export const DETECTORS = ['rekognition', 'local'] as const;

/** Default watched labels (LABELS syntax). */
export const DEFAULT_LABELS = 'Cat';
/** Default detector on AWS. */
export const DEFAULT_DETECTOR = 'rekognition';
