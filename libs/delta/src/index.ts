/** Public entry point of @catfinder/delta: live-to-VOD clips, built-in or via Elemental Delta. */
export * from './errors';
export * from './types';
export * from './constants';
export { readClipperConfig } from './config';
export type { BuiltinClipperConfig, ClipperConfig, DeltaClipperConfig } from './config';
export { frameLabel, timecodeOf } from './frame-label';
export { clipIdFor, planClip } from './clip-plan';
export type { ClipPlan } from './clip-plan';
export type { ArchivedSegment, ClipStore } from './store-port';
export { DeltaClient } from './delta/client';
export type { DeltaClientOptions, LiveToVodEndpoints } from './delta/client';
export { deltaAuthHeaders, signedPath } from './delta/auth';
export { buildLiveToVodXml, parseContent, parseContentList, parseErrorMessage } from './delta/xml';
export type { DeltaContent, DeltaFilter, LiveToVodFilterSpec } from './delta/xml';
export { DeltaClipper } from './delta/clipper';
export type { DeltaClipperOptions } from './delta/clipper';
