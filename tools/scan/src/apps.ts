/**
 * The one place the scan reaches into the two Lambda apps, so a scan runs their code, not a copy:
 * parse's config reader, detector wiring, appearance machine and sample shape; prekog's
 * `runPrekog` (clip bounds + clipper) and its store/clipper ports. Nx forbids importing an
 * application project whatever the tags allow (`scope:tool` may use apps), hence the disables,
 * kept to this file (as tools/local-stack does).
 */
// eslint-disable-next-line @nx/enforce-module-boundaries
export {
  ConfigError,
  detectRetriedOnce,
  detectorLoader,
  interruptAll,
  prekogEventFor,
  readParseConfig,
  trackAppearances,
} from '@catfinder/parse-lambda';
// eslint-disable-next-line @nx/enforce-module-boundaries
export type {
  AppearanceEvent,
  AppearanceState,
  DetectCounts,
  Detector,
  DetectorKind,
  ParseConfig,
  ProcessedSample,
  TrackResult,
  Trigger,
} from '@catfinder/parse-lambda';
// eslint-disable-next-line @nx/enforce-module-boundaries
export { runPrekog } from '@catfinder/prekog-lambda';
// eslint-disable-next-line @nx/enforce-module-boundaries
export type {
  AppearanceClipState,
  ClipBounds,
  ClipMaker,
  LogSink,
  PrekogDeps,
  PrekogStore,
  SampleRow,
  SegmentFacts,
} from '@catfinder/prekog-lambda';
