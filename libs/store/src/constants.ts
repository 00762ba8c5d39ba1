/** Defaults of @catfinder/store, applied once with `??`. */

/** Hours derived items (frames, claims, appearances, label summaries) live before DynamoDB TTL removes them. */
export const DEFAULT_TTL_HOURS = 72;
/** TTL_HOURS bounds, for every package that reads it. */
export const TTL_HOURS_BOUNDS = { min: 1, max: 24 * 365 } as const;
/**
 * Longest clip, seconds (DESIGN.md `maxClipSeconds`): also the longest appearance. Declared here
 * because parse (appearances), the parse→prekog notice and libs/delta (the cut) all use it.
 */
export const DEFAULT_MAX_CLIP_SECONDS = 120;
/** MAX_CLIP_SECONDS bounds, for every package that reads it. */
export const MAX_CLIP_SECONDS_BOUNDS = { min: 1, max: 3600 } as const;
/** Lease a segment claim holds before another run may take it over. */
export const DEFAULT_LEASE_MS = 5 * 60_000;
/** Per-attempt timeout of one SDK request (connect + response). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
/** Connection timeout of one SDK request. */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 2_000;
/** Total attempts of one SDK call (1 try + retries), with exponential backoff and full jitter. */
export const DEFAULT_MAX_ATTEMPTS = 4;
/** Region used when neither the option nor AWS_REGION / AWS_DEFAULT_REGION is set. */
export const DEFAULT_REGION = 'us-east-1';
/** Clips listed in feeds/clips.json. */
export const DEFAULT_FEED_CLIPS = 50;
/** Appearances listed in each feeds/labels/<Label>.json. */
export const DEFAULT_FEED_APPEARANCES = 50;
/** Samples kept inside one appearance record (the oldest are dropped beyond this). */
export const MAX_APPEARANCE_SAMPLES = 600;
/** Page size used when a query is asked for "everything". */
export const DEFAULT_PAGE_LIMIT = 100;
/** Cache-Control of JSON feeds: short, the dashboard polls every 10 s. */
export const FEED_CACHE_CONTROL = 'public, max-age=5';
/** Cache-Control of immutable media (clips, posters, samples, archived segments). */
export const MEDIA_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** Feed format version. */
export const FEED_VERSION = 1;
