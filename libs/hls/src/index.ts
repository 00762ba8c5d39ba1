/** Public entry point of @catfinder/hls: parse HLS playlists and follow a live channel. */
export { parseMediaPlaylist, type ParseMediaOptions } from './parse/media';
export { parseMasterPlaylist, isMasterPlaylist } from './parse/master';
export { parseDateTime } from './parse/datetime';
export { selectVariant, type VariantRule } from './variant';
export {
  PlaylistFollower,
  type FollowedSegment,
  type FollowerEvent,
  type FollowerGapReason,
  type FollowerOptions,
  type FollowerState,
  type FollowerUpdate,
  type ResetReason,
} from './follower';
export { holdBackSeconds, liveEdgeIndex } from './live-edge';
export { readMaxLagSeconds, readStartPosition } from './config';
export { computeReloadDelay, type ReloadInput } from './reload';
export { fetchBytes, fetchText, type FetchOptions, type FetchResult } from './fetch';
export { downloadSegment, downloadSegmentToFile, downloadInitSection, type FileDownloadResult } from './segment';
export { HostPolicy, UriResolver, parseHostList, resolveUri, safeSegmentExtension, segmentStorageName } from './url';
export * from './errors';
export * from './constants';
export type * from './types';
