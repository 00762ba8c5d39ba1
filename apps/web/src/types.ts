/** Feed shapes as written by libs/store (see /notes CONTRACTS "Feeds"); all URLs site-relative. */

export type ClipStatus = 'pending' | 'cutting' | 'ready' | 'failed';

export interface LabelSummary {
  channel: string;
  name: string;
  count: number;
  lastSeen: string;
  /** Frame label `YYYY-MM-DD HH:MM:SS;FF`. */
  lastSeenFrame: string;
  confidence: number;
  thumbnailUrl?: string;
}

export interface LabelsFeed {
  version: 1;
  generatedAt: string;
  labels: LabelSummary[];
}

export interface ClipCut {
  time: string;
  frame: string;
  thumbnailUrl?: string;
}

export interface ClipVerification {
  passed: boolean;
  method: string;
  detail?: string;
}

export interface Clip {
  id: string;
  channel: string;
  label: string;
  status: ClipStatus;
  reason?: string;
  start: string;
  end: string;
  startFrame: string;
  endFrame: string;
  frameCount: number;
  durationSeconds: number;
  method?: string;
  verification?: ClipVerification;
  latencySeconds?: number;
  detectorCalls?: number;
  mp4Url?: string;
  posterUrl?: string;
  hlsUrl?: string;
  cuts: ClipCut[];
  createdAt: string;
}

export interface ClipsFeed {
  version: 1;
  generatedAt: string;
  clips: Clip[];
}

export interface AppearanceSample {
  time: string;
  frame: string;
  thumbnailUrl?: string;
  confidence: number | null;
  matched: boolean;
  isCut: boolean;
}

export interface Appearance {
  id: string;
  channel: string;
  label: string;
  open: boolean;
  start: string;
  end?: string;
  clipId?: string;
  samples: AppearanceSample[];
}

export interface LabelFeed {
  version: 1;
  generatedAt: string;
  label: string;
  appearances: Appearance[];
}

/**
 * Outcome of parsing a feed. Parsing never throws (hls.js habit): a feed whose envelope is
 * unusable is `ok: false` with the reason; entries that are malformed on their own are dropped
 * and named in `warnings`, so one bad record does not hide the rest.
 */
export type ParseResult<T> =
  | { ok: true; value: T; warnings: string[] }
  | { ok: false; problem: string };

/** Runtime configuration after build-time defaults and `config.json` are merged. */
export interface DashboardConfig {
  /** Where the feeds live: relative to the site root or an absolute http(s) URL. @default 'feeds/' */
  feedsBase: string;
  /** Origin that media URLs (posters, MP4s, thumbnails) are resolved against. @default the site root */
  mediaOrigin?: string;
  /** Milliseconds between feed polls. @default 10000 */
  pollIntervalMs: number;
}
