/** Largest playlist accepted (parser and fetch). A 10,000-segment playlist is ~1 MB. */
export const DEFAULT_MAX_PLAYLIST_BYTES = 8 * 1024 * 1024;
/** Largest segment accepted by the segment download helper. */
export const DEFAULT_MAX_SEGMENT_BYTES = 200 * 1024 * 1024;
/** Most segments accepted in one media playlist. */
export const DEFAULT_MAX_SEGMENTS = 100_000;
/** Target durations above this (seconds) are treated as absurd. */
export const MAX_TARGET_DURATION_SECONDS = 3600;
/** Per-attempt timeout of one HTTP request. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Extra attempts after the first on 5xx / network errors / timeouts. */
export const DEFAULT_RETRIES = 2;
/** First retry delay; doubles per attempt. */
export const DEFAULT_BACKOFF_MS = 250;
/** Redirect hops followed (each hop is checked against the host allow-list). */
export const DEFAULT_MAX_REDIRECTS = 5;
/** A playlist with no new segment for this many target durations is reported as stalled. */
export const STALL_TARGET_DURATIONS = 3;
/** Reload delays never go below this (a zero target duration must not spin). */
export const MIN_RELOAD_MS = 100;
/** Sequence→URI memory of the follower, to tell a stale (cached) reload from a reset. */
export const REMEMBERED_SEGMENTS = 2048;
/** Of those, how many `state()` persists: enough to recognise a stale reload of the current window. */
export const PERSISTED_RECENT_SEGMENTS = 64;
/** Where a follower with no saved state starts: at the live edge, as a player does. */
export const DEFAULT_START_POSITION = 'live' as const;
/** Largest lag (media seconds from the next segment to the live edge) before the follower skips ahead. */
export const DEFAULT_MAX_LAG_SECONDS = 60;
/** Player hold-back when the server sets no `EXT-X-SERVER-CONTROL:HOLD-BACK` (RFC 8216bis §6.3.3). */
export const HOLD_BACK_TARGET_DURATIONS = 3;
/** A program date time this far from where the previous segment ended (ms) is a jump: a new timeline epoch. */
export const PDT_JUMP_TOLERANCE_MS = 1000;
