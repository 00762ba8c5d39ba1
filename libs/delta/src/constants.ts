/** Defaults of @catfinder/delta, applied once with `??` where options are read. */

/** Longest clip we cut, seconds (DESIGN.md `maxClipSeconds`): libs/store's, re-exported for existing imports. */
export { DEFAULT_MAX_CLIP_SECONDS } from '@catfinder/store';
/** Timeout of one Delta HTTP request. */
export const DEFAULT_DELTA_TIMEOUT_MS = 10_000;
/** DELTA_TIMEOUT_MS bounds. */
export const DELTA_TIMEOUT_MS_BOUNDS = { min: 1, max: 600_000 } as const;
/** Lifetime of a Delta auth signature (X-Auth-Expires = now + this). */
export const DEFAULT_DELTA_AUTH_TTL_SECONDS = 30;
/** Attempts for an idempotent Delta GET (5xx / network errors only). */
export const DEFAULT_DELTA_GET_ATTEMPTS = 3;
/** Timeout for fetching one archived segment. */
export const DEFAULT_FETCH_TIMEOUT_MS = 15_000;
/** Timeout for the ffmpeg cut of one clip. */
export const DEFAULT_CUT_TIMEOUT_MS = 120_000;
/** Segments fetched at once. */
export const DEFAULT_FETCH_CONCURRENCY = 4;
/** Hex characters of the sha256 used as clip id. */
export const CLIP_ID_HEX_LENGTH = 20;
/** Content types of what the built-in clipper publishes. */
export const CONTENT_TYPE_MP4 = 'video/mp4';
export const CONTENT_TYPE_JPEG = 'image/jpeg';
export const CONTENT_TYPE_M3U8 = 'application/vnd.apple.mpegurl';
export const CONTENT_TYPE_TS = 'video/mp2t';
/** Clips are kept and never change once ready. */
export const CLIP_CACHE_CONTROL = 'public, max-age=31536000, immutable';
