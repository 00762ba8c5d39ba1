/** Feed shapes as written by libs/store (see /notes CONTRACTS "Feeds"); all URLs site-relative. */

// Shapes that libs/store writes unchanged are its own types, imported type-only (nothing of
// libs/store reaches the bundle); tests/unit/store-contract.test.ts checks the rest against it.
export type { ClipDaySummary, ClipDaysIndex, ClipStatus, HealthChannel, HealthFeed } from '@catfinder/store';
import type { ClipStatus } from '@catfinder/store';

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
  /** A timeline break (a gap in the stream, an encoder restart) inside the scene: the clip is partial. */
  cutShortBy?: 'gap' | 'reset';
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
export type ParseResult<T> = { ok: true; value: T; warnings: string[] } | { ok: false; problem: string };

/** Runtime configuration after build-time defaults and `config.json` are merged. */
export interface DashboardConfig {
  /** Where the feeds live: relative to the site root or an absolute http(s) URL. @default 'feeds/' */
  feedsBase: string;
  /** Origin that media URLs (posters, MP4s, thumbnails) are resolved against. @default the site root */
  mediaOrigin?: string;
  /** Milliseconds between feed polls. @default 10000 */
  pollIntervalMs: number;
  /**
   * Origin the live channel's playlist may come from (the packager / CDN serving the channel), in
   * addition to the site and media origins. @default none: only those two
   */
  liveOrigin?: string;
  /**
   * Whether a live pipeline reports on this site. `false` for a finished scan's result
   * (`npm run scan -- --serve`): no `health.json` exists, so it is not fetched, the header shows
   * no health badge and the health view says why. @default true
   */
  pipeline?: boolean;
}

/** One entry of `feeds/all-labels.json`: a labels.json entry plus first sighting and `watched`. */
export interface AllLabelEntry extends LabelSummary {
  firstSeen: string;
  firstSeenFrame: string;
  /** One of the labels that trigger clips (`LABELS`). */
  watched: boolean;
}

export interface AllLabelsFeed {
  version: 1;
  generatedAt: string;
  labels: AllLabelEntry[];
}

export interface BoundingBox {
  Width: number;
  Height: number;
  Left: number;
  Top: number;
}

/** A face on the newest sample (recent.json `now`): Rekognition `CelebrityFaces` fields plus where and when. */
export interface CelebritySighting {
  channel: string;
  Name: string;
  Id?: string;
  MatchConfidence: number;
  /** Shown as text, never as links: they are not on an allowed origin. */
  Urls: string[];
  Face: { BoundingBox?: BoundingBox };
  time: string;
  frame: string;
  thumbnailUrl?: string;
}

/** A person recognised on a channel (celebrity or named face), summed over their sightings. */
export interface CelebritySummary {
  channel: string;
  name: string;
  id: string;
  /** `rekognition` or `named-faces`. */
  source: string;
  /** Samples they were recognised on. */
  count: number;
  firstSeen: string;
  firstSeenFrame: string;
  lastSeen: string;
  lastSeenFrame: string;
  /** MatchConfidence of the newest sighting. */
  confidence: number;
  /** Shown as text, never as links: they are not on an allowed origin. */
  urls: string[];
  /** Face box of the newest sighting, on its thumbnail. */
  box?: BoundingBox;
  thumbnailUrl?: string;
}

/** `feeds/celebrities.json` (libs/store celebrities.ts): every channel's people, newest first. */
export interface CelebritiesFeed {
  version: 1;
  generatedAt: string;
  celebrities: CelebritySummary[];
}

export interface PresenceBand {
  label: string;
  start: string;
  end: string;
  open: boolean;
}

export interface NowOnScreen {
  time: string;
  frame: string;
  thumbnailUrl?: string;
  labels: { name: string; confidence: number }[];
  celebrities: CelebritySighting[];
}

/** `feeds/channels/<channel>/recent.json`: the last 30 minutes of one channel. */
export interface RecentFeed {
  version: 1;
  generatedAt: string;
  channel: string;
  playlistUrl?: string;
  windowStart: string;
  now: NowOnScreen | null;
  cuts: ClipCut[];
  presence: PresenceBand[];
}

/** `feeds/clips/days/<YYYY-MM-DD>.json`: every clip created that UTC day (no cut lists). */
export interface ClipDayFeed {
  version: 1;
  generatedAt: string;
  day: string;
  clips: Clip[];
}
