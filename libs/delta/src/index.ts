/** Public entry point of @catfinder/delta: live-to-VOD clips, built-in or via Elemental Delta. */
export * from './errors';
export * from './types';
export * from './constants';
export { readClipperConfig, readClipperEnv } from './config';
export type { BuiltinClipperConfig, ClipperConfig, DeltaClipperConfig } from './config';
export { timecodeOf } from './frame-label';
export { clipIdFor, planClip } from './clip-plan';
export type { ClipPlan } from './clip-plan';
export type { ArchivedSegment, ClipUpdate, ClipperStore } from './store-port';
export { DeltaClient } from './delta/client';
export type { DeltaClientOptions, LiveToVodEndpoints } from './delta/client';
export { deltaAuthHeaders, signedPath } from './delta/auth';
export { buildLiveToVodXml, parseContent, parseContentList, parseErrorMessage } from './delta/xml';
export type { DeltaContent, DeltaFilter, LiveToVodFilterSpec } from './delta/xml';
export { DeltaClipper } from './delta/clipper';
export type { DeltaClipperOptions } from './delta/clipper';
export { copyDeltaClip, type CopyToOriginOptions, type CopyTarget, type OriginCopy } from './delta/copy-to-origin';
export {
  DeltaApiKeyError,
  ssmParameterApiKey,
  type ApiKeyProvider,
  type SsmApiKeyOptions,
} from './delta/api-key-parameter';
export { keepCutThumbnails, keptThumbnailKey } from './delta/keep-cut-thumbnails';
export { BuiltinClipper } from './builtin/clipper';
export type { BuiltinClipperOptions } from './builtin/clipper';
export type { ClipCutter, CutInput, CutOutcome } from './builtin/cutter';
export { mediaCutter } from './builtin/media-cutter';
export type { MediaCutterOptions } from './builtin/media-cutter';
export { createClipper } from './create-clipper';
export type { CreateClipperOptions } from './create-clipper';
export { storeClipperStore } from './store-adapter';
