/**
 * Defaults of parse-lambda's own settings (documented in the README). Settings another package
 * owns take that package's default: DETECTOR (libs/vision), CUT_THRESHOLD and ANALYSIS_MAX_WIDTH
 * (libs/media), TTL_HOURS and MAX_CLIP_SECONDS (libs/store).
 */
export const DEFAULT_LABELS = 'Cat';
/** Rekognition's own default minimum confidence. */
export const DEFAULT_MIN_CONFIDENCE = 55;
/**
 * SAMPLE_INTERVAL of the pipeline, seconds: parse owns this variable. 2 s keeps detector calls
 * (Rekognition cost, local CPU) at the measured budget; libs/media's analyseSegment option default
 * (1 s) applies only to callers that pass none.
 */
export const DEFAULT_SAMPLE_INTERVAL_SECONDS = 2;
export const DEFAULT_EXIT_SAMPLES = 2;
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
  detectConcurrency: { min: 1, max: 32 },
  confidence: { min: 0, max: 100 },
  rollSeconds: { min: 0, max: 60 },
} as const;
