/** Defaults, in one place. */

/** Poll period of the feeds (the issue asks for 10 s). */
export const DEFAULT_POLL_INTERVAL_MS = 10_000;
/** Lower bound for a configured poll period, so a typo cannot hammer the bucket. */
export const MIN_POLL_INTERVAL_MS = 250;
/** Feeds directory relative to the site root (CONTRACTS: `feeds/…`). */
export const DEFAULT_FEEDS_BASE = 'feeds/';
/** Optional deploy-time configuration file next to index.html. */
export const CONFIG_FILE_NAME = 'config.json';
/** Every fetch is abandoned after this long; the next poll tries again. */
export const FETCH_TIMEOUT_MS = 8_000;
/** Only feed format this dashboard understands. */
export const FEED_VERSION = 1;
/** Frame label `YYYY-MM-DD HH:MM:SS;FF` (UTC, FF = frame within the second). */
export const FRAME_LABEL_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2};\d{2,3}$/;
/** How many warnings are listed in the notice before "and N more". */
export const MAX_NOTICE_DETAILS = 3;
/**
 * Times before this are media times counted from 0 — a file scanned by tools/scan stamps its
 * frames from 1970-01-01 00:00:00 — not wall clock: they are shown as a position in the media
 * ("00:00:01.500 media time"), never as "20,793 days ago". No live channel has such times.
 */
export const MEDIA_TIME_BEFORE_MS = Date.UTC(2000, 0, 1);
