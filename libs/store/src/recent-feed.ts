/**
 * The live view's feeds, per channel (under `feeds/channels/` so a channel id can never collide
 * with a label feed `feeds/labels/<Label>.json` or the clip history `feeds/clips/…`):
 *
 * - `feeds/channels/<channel>/recent.json`: the last 30 minutes — scene cuts, presence bands per
 *   watched label (runs of consecutive matched samples) and "now on screen" (labels and
 *   celebrities of the newest sample), plus the channel's playlist URL for the live player.
 * - `feeds/channels/<channel>/celebrities.json`: the newest celebrity / named-face sightings
 *   (Rekognition `CelebrityFaces` shape plus frame and time), at most one per name per scene.
 *
 * Only the run holding the channel writes them, so the state is read once per process and kept
 * in memory. Appearances and clips are not repeated here: the dashboard takes them from the
 * label feeds and clips.json it already polls.
 */
import { validateChannel } from './keys';
import { relativeUrl, type ObjectStore } from './objects';
import type { LabelledSample } from './all-labels';

/** Length of the window recent.json covers. */
export const RECENT_WINDOW_MS = 30 * 60_000;
/** Celebrity sightings kept in celebrities.json. */
export const CELEBRITY_FEED_LIMIT = 200;

/** A celebrity or named face on a sample (RecognizeCelebrities' `CelebrityFaces` entry). */
export interface CelebrityFace {
  readonly Name: string;
  readonly Id?: string;
  readonly MatchConfidence: number;
  readonly Urls?: readonly string[];
  readonly Face?: { readonly BoundingBox?: { Width: number; Height: number; Left: number; Top: number } };
}

/** One sample as the recent feed needs it. */
export interface RecentSample extends LabelledSample {
  readonly isCut: boolean;
  /** Watched labels matched on this sample. */
  readonly matchedLabels: readonly string[];
  readonly celebrities?: readonly CelebrityFace[];
}

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
  now: { time: string; frame: string; thumbnailUrl?: string; labels: { name: string; confidence: number }[]; celebrities: CelebritySighting[] } | null;
  cuts: { time: string; frame: string; thumbnailUrl?: string }[];
  presence: { label: string; start: string; end: string; open: boolean }[];
}

export interface ChannelCelebritiesFeed {
  version: 1;
  generatedAt: string;
  channel: string;
  celebrities: CelebritySighting[];
}

export const recentFeedKey = (channel: string): string => `feeds/channels/${validateChannel(channel)}/recent.json`;
export const celebritiesFeedKey = (channel: string): string => `feeds/channels/${validateChannel(channel)}/celebrities.json`;

const iso = (ms: number): string => new Date(ms).toISOString();
const url = (key: string | undefined): string | undefined => (key === undefined ? undefined : relativeUrl(key));

function sighting(channel: string, sample: RecentSample, face: CelebrityFace): CelebritySighting {
  return {
    channel,
    Name: face.Name,
    ...(face.Id === undefined ? {} : { Id: face.Id }),
    MatchConfidence: face.MatchConfidence,
    Urls: [...(face.Urls ?? [])],
    Face: face.Face?.BoundingBox ? { BoundingBox: face.Face.BoundingBox } : {},
    time: iso(sample.time),
    frame: sample.frame,
    thumbnailUrl: url(sample.imageKey),
  };
}

/** Folds one segment's samples into the recent feed (pure; `feed` is updated in place). */
export function applySamples(feed: RecentFeed, samples: readonly RecentSample[], minConfidence: number): void {
  const ordered = [...samples].sort((a, b) => a.time - b.time);
  for (const sample of ordered) {
    if (sample.isCut) feed.cuts.push({ time: iso(sample.time), frame: sample.frame, thumbnailUrl: url(sample.imageKey) });
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
        labels: sample.labels.filter((l) => l.Confidence >= minConfidence).map((l) => ({ name: l.Name, confidence: Math.round(l.Confidence * 10) / 10 })),
        celebrities: (sample.celebrities ?? []).map((face) => sighting(feed.channel, sample, face)),
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

/** New celebrity sightings of a segment: one per name per scene (a cut starts a new scene). */
export function celebritySightings(channel: string, samples: readonly RecentSample[]): CelebritySighting[] {
  const out: CelebritySighting[] = [];
  let seenInScene = new Set<string>();
  for (const sample of [...samples].sort((a, b) => a.time - b.time)) {
    if (sample.isCut) seenInScene = new Set();
    for (const face of sample.celebrities ?? []) {
      if (seenInScene.has(face.Name)) continue;
      seenInScene.add(face.Name);
      out.push(sighting(channel, sample, face));
    }
  }
  return out;
}

function emptyRecent(channel: string, now: number): RecentFeed {
  return { version: 1, generatedAt: iso(now), channel, windowStart: iso(now - RECENT_WINDOW_MS), now: null, cuts: [], presence: [] };
}

/** Keeps recent.json and celebrities.json of the channels this process runs. */
export class RecentFeedStore {
  private readonly recent = new Map<string, RecentFeed>();
  private readonly celebrities = new Map<string, ChannelCelebritiesFeed>();

  constructor(
    private readonly objects: ObjectStore,
    private readonly options: { now: () => number; minConfidence: number; playlistUrl?: string },
  ) {}

  /** Folds a processed segment in and writes recent.json (and celebrities.json when it changed). */
  async recordSegment(channel: string, samples: readonly RecentSample[]): Promise<RecentFeed> {
    const feed = await this.load(this.recent, recentFeedKey(channel), () => emptyRecent(channel, this.options.now()));
    applySamples(feed, samples, this.options.minConfidence);
    feed.generatedAt = iso(this.options.now());
    if (this.options.playlistUrl !== undefined) feed.playlistUrl = this.options.playlistUrl;
    await this.objects.put(recentFeedKey(channel), JSON.stringify(feed), { contentType: 'application/json' });
    const found = celebritySightings(channel, samples);
    // Written when someone is recognised — and once, empty, for a new channel, so the dashboard
    // finds an empty list rather than a 404.
    if (found.length > 0 || !this.celebrities.has(celebritiesFeedKey(channel))) {
      const celebs = await this.load(this.celebrities, celebritiesFeedKey(channel), () => ({ version: 1 as const, generatedAt: feed.generatedAt, channel, celebrities: [] }));
      celebs.celebrities = [...found.reverse(), ...celebs.celebrities].slice(0, CELEBRITY_FEED_LIMIT);
      celebs.generatedAt = feed.generatedAt;
      await this.objects.put(celebritiesFeedKey(channel), JSON.stringify(celebs), { contentType: 'application/json' });
    }
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
