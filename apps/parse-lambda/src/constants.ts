/** Defaults for parse-lambda configuration. Each one is documented in the README. */
export const DEFAULT_LABELS = 'Cat';
/** Rekognition's own default minimum confidence. */
export const DEFAULT_MIN_CONFIDENCE = 55;
export const DEFAULT_DETECTOR = 'rekognition' as const;
export const DEFAULT_CUT_THRESHOLD = 0.3;
export const DEFAULT_SAMPLE_INTERVAL_SECONDS = 2;
export const DEFAULT_EXIT_SAMPLES = 2;
export const DEFAULT_TTL_HOURS = 72;
export const DEFAULT_MAX_CLIP_SECONDS = 120;
export const DEFAULT_DETECT_CONCURRENCY = 4;
/** Assumed cost of one segment before any has been measured in this run. */
export const DEFAULT_SEGMENT_ESTIMATE_MS = 10_000;
/** Kept free at the end of every run for the summary log and feed publishing. */
export const DEFAULT_SAFETY_MARGIN_MS = 3_000;
/** Bounds for numeric variables, so a typo cannot make the pipeline absurd. */
export const LIMITS = {
  cutThreshold: { min: 0, max: 1 },
  sampleInterval: { min: 0.1, max: 60 },
  analysisMaxWidth: { min: 160, max: 3840 },
  exitSamples: { min: 1, max: 100 },
  ttlHours: { min: 1, max: 24 * 365 },
  maxClipSeconds: { min: 1, max: 3600 },
  detectConcurrency: { min: 1, max: 32 },
  confidence: { min: 0, max: 100 },
  rollSeconds: { min: 0, max: 60 },
} as const;
