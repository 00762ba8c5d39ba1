/**
 * Public entry point of @catfinder/prekog-lambda: the in-process entry for the local stack and
 * tests. The Lambda entry point is `src/handler.ts`; the local Lambda invoke endpoint is
 * tools/local-stack's.
 *
 *   const config = readPrekogConfig(env);
 *   const deps = createPrekogDeps(config, { clients: createPrekogClients(), logger: consoleSink('catfinder-prekog') });
 *   await runPrekog(parsePrekogEvent(payload), deps);
 */
export { readPrekogConfig, type PrekogConfig } from './config';
export { parsePrekogEvent, type PrekogEvent, type SamplePoint, type CloseReason } from './events';
export { runPrekog, boundsFor, type LogSink, type PrekogDeps, type PrekogResult } from './run-prekog';
export {
  createPrekogClients,
  createPrekogDeps,
  createStoreFor,
  type PrekogClients,
  type PrekogWiringOptions,
} from './wiring';
export { computeClipBounds, type BoundsInput, type ClipBounds, type SampleRow } from './clip-bounds';
export { FrameTimeline, type FrameRef, type TimelineSegment } from './frame-timeline';
export { createPrekogStore } from './store-adapter';
// The LogSink over Powertools Logger is libs/store's (one adapter for both handlers and the tools).
export { consoleSink, loggerSink } from '@catfinder/store';
export { METRICS_NAMESPACE, NO_METRICS, powertoolsMetrics, type MetricsSink, type PrekogMetric } from './metrics';
export { BoundsError, ConfigError, EventError, PrekogLambdaError, type ConfigProblem } from './errors';
export type { AppearanceClipState, ClipMaker, PrekogStore, SegmentFacts } from './ports';
