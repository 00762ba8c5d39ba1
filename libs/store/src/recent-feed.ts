/**
 * The live view's feed, per channel: `feeds/channels/<channel>/recent.json` (under
 * `feeds/channels/` so a channel id can never collide with a label feed `feeds/labels/<Label>.json`
 * or the clip history `feeds/clips/…`) — the last 30 minutes: scene cuts, presence bands per
 * watched label (runs of consecutive matched samples) and "now on screen" (labels and recognised
 * faces of the newest sample), plus the channel's playlist URL for the live player.
 *
 * Only the run holding the channel writes it, so the state is read once per process and kept in
 * memory. Appearances and clips are not repeated here: the dashboard takes them from the label
 * feeds and clips.json it already polls; people recognised over time are in
 * `feeds/celebrities.json` (celebrities.ts).
 */
import type { CelebrityFace } from '@catfinder/vision';
import { safeUrls } from './celebrities';
import { validateChannel } from './keys';
import { relativeUrl, type ObjectStore } from './objects';
import type { LabelledSample } from './all-labels';

/** Length of the window recent.json covers. */
export const RECENT_WINDOW_MS = 30 * 60_000;

/** One sample as the recent feed needs it. */
export interface RecentSample extends LabelledSample {
  readonly isCut: boolean;
  /** Watched labels matched on this sample. */
  readonly matchedLabels: readonly string[];
  /** Faces recognised on it (libs/vision's `CelebrityFaces` entries, from the faces step). */
  readonly faces?: readonly CelebrityFace[];
}

/** A face on the newest sample: its `CelebrityFaces` entry plus where and when. */
export interface CelebritySighting {
  channel: string;
  Name: string;
  Id?: string;
  MatchConfidence: number;
  Urls: string[];
  Face: { BoundingBox?: { Width: number; Height: number; Left: number; Top: number } };
  time: string;
  frame: string;
  thumbnailUrl?: string;
}

export interface RecentFeed {
  version: 1;
  generatedAt: string;
  channel: string;
  /** The channel's live playlist (the dashboard plays it only from an allowed origin). */
  playlistUrl?: string;
  windowStart: string;
  now: {
    time: string;
    frame: string;
    thumbnailUrl?: string;
    labels: { name: string; confidence: number }[];
    celebrities: CelebritySighting[];
  } | null;
  cuts: { time: string; frame: string; thumbnailUrl?: string }[];
  presence: { label: string; start: string; end: string; open: boolean }[];
}

export const recentFeedKey = (channel: string): string => `feeds/channels/${validateChannel(channel)}/recent.json`;
const iso = (ms: number): string => new Date(ms).toISOString();
const url = (key: string | undefined): string | undefined => (key === undefined ? undefined : relativeUrl(key));

function sighting(channel: string, sample: RecentSample, face: CelebrityFace): CelebritySighting {
  return {
    channel,
    Name: face.Name,
    Id: face.Id,
    MatchConfidence: face.MatchConfidence,
    Urls: safeUrls(face.Urls),
    Face: { BoundingBox: { ...face.Face.BoundingBox } },
    time: iso(sample.time),
    frame: sample.frame,
    thumbnailUrl: url(sample.imageKey),
  };
}

/** Folds one segment's samples into the recent feed (pure; `feed` is updated in place). */
export function applySamples(feed: RecentFeed, samples: readonly RecentSample[], minConfidence: number): void {
  const ordered = [...samples].sort((a, b) => a.time - b.time);
  for (const sample of ordered) {
    if (sample.isCut)
      feed.cuts.push({ time: iso(sample.time), frame: sample.frame, thumbnailUrl: url(sample.imageKey) });
    const matched = new Set(sample.matchedLabels);
    for (const band of feed.presence) {
      if (band.open && !matched.has(band.label)) band.open = false;
    }
    for (const label of matched) {
      const band = feed.presence.find((b) => b.open && b.label === label);
      if (band) band.end = iso(sample.time);
      else feed.presence.push({ label, start: iso(sample.time), end: iso(sample.time), open: true });
    }
    if (sample.labels !== null) {
      feed.now = {
        time: iso(sample.time),
        frame: sample.frame,
        thumbnailUrl: url(sample.imageKey),
        labels: sample.labels
          .filter((l) => l.Confidence >= minConfidence)
          .map((l) => ({ name: l.Name, confidence: Math.round(l.Confidence * 10) / 10 })),
        celebrities: (sample.faces ?? []).map((face) => sighting(feed.channel, sample, face)),
      };
    }
  }
  const newest = ordered.at(-1)?.time;
  if (newest === undefined) return;
  const start = newest - RECENT_WINDOW_MS;
  feed.windowStart = iso(start);
  feed.cuts = feed.cuts.filter((c) => Date.parse(c.time) >= start);
  feed.presence = feed.presence.filter((b) => b.open || Date.parse(b.end) >= start);
}

function emptyRecent(channel: string, now: number): RecentFeed {
  return {
    version: 1,
    generatedAt: iso(now),
    channel,
    windowStart: iso(now - RECENT_WINDOW_MS),
    now: null,
    cuts: [],
    presence: [],
  };
}

/** Keeps recent.json of the channels this process runs. */
export class RecentFeedStore {
  private readonly recent = new Map<string, RecentFeed>();

  constructor(
    private readonly objects: ObjectStore,
    private readonly options: { now: () => number; minConfidence: number; playlistUrl?: string },
  ) {}

  /** Folds a processed segment in and writes recent.json. */
  async recordSegment(channel: string, samples: readonly RecentSample[]): Promise<RecentFeed> {
    const feed = await this.load(this.recent, recentFeedKey(channel), () => emptyRecent(channel, this.options.now()));
    applySamples(feed, samples, this.options.minConfidence);
    feed.generatedAt = iso(this.options.now());
    if (this.options.playlistUrl !== undefined) feed.playlistUrl = this.options.playlistUrl;
    await this.objects.put(recentFeedKey(channel), JSON.stringify(feed), { contentType: 'application/json' });
    return feed;
  }

  private async load<T>(cache: Map<string, T>, key: string, empty: () => T): Promise<T> {
    let value = cache.get(key);
    if (value === undefined) {
      const bytes = await this.objects.getBytes(key);
      try {
        value = bytes ? (JSON.parse(Buffer.from(bytes).toString('utf8')) as T) : empty();
      } catch {
        value = empty(); // only a view: a corrupt copy is replaced, never a reason to stop
      }
      cache.set(key, value);
    }
    return value;
  }
}
