/**
 * Public entry point of @catfinder/parse-lambda: the in-process pipeline for the local stack and
 * tests. The Lambda entry point is `src/handler.ts`.
 *
 *   const config = readParseConfig(env);
 *   const deps = createParseDeps(config, { clients: createParseClients(), logger: consoleSink('catfinder-parse') });
 *   const summary = await runParse(config, deps, { getRemainingTimeInMillis: () => deadline - Date.now() });
 */
export { readParseConfig, type ParseConfig, type DetectorKind } from './config';
export { faceRecognizerFor } from './faces-wiring';
export { parseTriggers, type Trigger } from './triggers';
export { ConfigError, EventError, ParseLambdaError, RunLeaseLostError, type ConfigProblem } from './errors';
export {
  checkParseEvent,
  prekogEventFor,
  prekogIdempotencyKey,
  type LambdaContextLike,
  type ParseEvent,
  type PrekogEvent,
} from './events';
export { runParse, type LogSink, type ParseDeps, type ParseSummary, type RunOptions } from './run-parse';
export {
  createParseClients,
  createParseDeps,
  createParseStoreFor,
  createStoreFor,
  detectorLoader,
  type ParseClients,
  type WiringOptions,
} from './wiring';
export { createPrekogInvoker, PrekogInvokeError, type LambdaSender } from './prekog-invoker';
export { createHlsSource, type HlsSourceOptions } from './hls-source';
// The LogSink over Powertools Logger is libs/store's (one adapter for both handlers and the tools).
export { consoleSink, loggerSink } from '@catfinder/store';
export { METRICS_NAMESPACE, NO_METRICS, powertoolsMetrics, type MetricsSink, type ParseMetric } from './metrics';
export {
  IDLE,
  appearanceId,
  interruptAppearance,
  stepAppearance,
  type AppearanceEvent,
  type AppearanceState,
  type ClosedAppearance,
  type OpenAppearance,
  type SampleOutcome,
} from './appearance';
export { SegmentBudget, canStartSegment } from './budget';
// The pipeline's pure and per-segment steps, for tools that replay segments (tools/scan).
export {
  processSegment,
  type ProcessDeps,
  type ProcessedSample,
  type ProcessedSegment,
  type ProcessSegmentInput,
} from './process-segment';
export { detectRetriedOnce, type DetectCounts, type DetectOutcome } from './detect-retry';
export { interruptAll, trackAppearances, type TrackResult } from './track-appearances';
export { ParseRun, PLAYLIST_ENDED_FIELD, PLAYLIST_ENDED_HINT } from './run/parse-run';
export type { ParseRunState, RunCounts } from './run/state';
export type {
  AppearanceSample,
  ChannelCursor,
  Detector,
  GapRecord,
  LabelSighting,
  LiveEvent,
  LiveSegment,
  LiveSource,
  ParseStore,
  PrekogInvoker,
  SampleRecord,
  SegmentRecord,
} from './ports';
