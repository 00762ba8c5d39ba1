/**
 * JSON feeds the dashboard polls (shapes in CONTRACTS.md). Each is one S3 PUT (atomic: readers
 * see the old or the new object, never a mix) and is written only when its content — everything
 * but `generatedAt` — changed; the content hash rides along as object metadata.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_FEED_APPEARANCES, DEFAULT_FEED_CLIPS, FEED_CACHE_CONTROL, FEED_VERSION } from './constants';
import type { StoreContext } from './context';
import type { Appearance } from './appearances';
import type { AppearanceStore } from './appearances';
import type { ClipRecord, ClipStore } from './clips';
import type { TimelineBreak } from './contracts';
import { CLIPS_FEED_KEY, LABELS_FEED_KEY, labelFeedKey, validateLabel } from './keys';
import type { LabelStore, LabelSummary } from './labels';
import { relativeUrl, type ObjectStore } from './objects';
import { ClipDayPublisher } from './clip-days';

/** feeds/labels.json */
export interface LabelsFeed {
  readonly version: 1;
  readonly generatedAt: string;
  readonly labels: readonly {
    channel: string;
    name: string;
    count: number;
    lastSeen: string;
    lastSeenFrame: string;
    confidence: number;
    thumbnailUrl?: string;
  }[];
}

/** One clip in feeds/clips.json */
export interface ClipsFeedEntry {
  readonly id: string;
  readonly channel: string;
  readonly label: string;
  readonly status: ClipRecord['status'];
  readonly reason?: string;
  /** A timeline break (gap, encoder restart) inside the scene: the clip holds the scene on its side of the break only. */
  readonly cutShortBy?: TimelineBreak;
  readonly start: string;
  readonly end: string;
  readonly startFrame: string;
  readonly endFrame: string;
  readonly frameCount: number;
  readonly durationSeconds: number;
  readonly method?: 'smart' | 'reencode';
  readonly verification?: { passed: boolean; method: 'framemd5' | 'psnr'; detail?: string };
  readonly latencySeconds?: number;
  readonly detectorCalls?: number;
  readonly mp4Url?: string;
  readonly posterUrl?: string;
  readonly hlsUrl?: string;
  readonly cuts: readonly { time: string; frame: string; thumbnailUrl?: string }[];
  readonly createdAt: string;
}

/** feeds/clips.json */
export interface ClipsFeed {
  readonly version: 1;
  readonly generatedAt: string;
  readonly clips: readonly ClipsFeedEntry[];
}

/** feeds/labels/<Label>.json */
export interface LabelFeed {
  readonly version: 1;
  readonly generatedAt: string;
  readonly label: string;
  readonly appearances: readonly {
    id: string;
    channel: string;
    label: string;
    open: boolean;
    start: string;
    end?: string;
    clipId?: string;
    samples: readonly {
      time: string;
      frame: string;
      thumbnailUrl?: string;
      confidence: number | null;
      matched: boolean;
      isCut: boolean;
    }[];
  }[];
}

/** Outcome of one publish. */
export interface PublishResult {
  readonly key: string;
  /** False when the content was unchanged and nothing was written. */
  readonly written: boolean;
  /** sha256 of the content without `generatedAt`. */
  readonly contentHash: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const url = (key: string | undefined): string | undefined => (key === undefined ? undefined : relativeUrl(key));
const HASH_META = 'content-sha256';

/** labels.json from summaries (sorted newest lastSeen first). */
export function buildLabelsFeed(summaries: readonly LabelSummary[], generatedAt: Date): LabelsFeed {
  const labels = [...summaries]
    .sort((a, b) => b.lastSeen - a.lastSeen || a.channel.localeCompare(b.channel) || a.name.localeCompare(b.name))
    .map((s) => ({
      channel: s.channel,
      name: s.name,
      count: s.count,
      lastSeen: iso(s.lastSeen),
      lastSeenFrame: s.lastSeenFrame,
      confidence: s.confidence,
      thumbnailUrl: url(s.thumbnailKey),
    }));
  return { version: FEED_VERSION, generatedAt: generatedAt.toISOString(), labels };
}

/** One clip as listed in clips.json. */
export function clipFeedEntry(c: ClipRecord): ClipsFeedEntry {
  return {
    id: c.id,
    channel: c.channel,
    label: c.label,
    status: c.status,
    reason: c.reason,
    cutShortBy: c.cutShortBy,
    start: iso(c.start),
    end: iso(c.end),
    startFrame: c.startFrame,
    endFrame: c.endFrame,
    frameCount: c.frameCount,
    durationSeconds: c.durationSeconds,
    method: c.method,
    verification: c.verification,
    latencySeconds: c.latencySeconds,
    detectorCalls: c.detectorCalls,
    mp4Url: url(c.mp4Key),
    posterUrl: url(c.posterKey),
    hlsUrl: url(c.hlsKey),
    cuts: c.cuts.map((cut) => ({ time: iso(cut.time), frame: cut.frame, thumbnailUrl: url(cut.imageKey) })),
    createdAt: iso(c.createdAt),
  };
}

/** clips.json from records (newest createdAt first, at most `limit`). */
export function buildClipsFeed(clips: readonly ClipRecord[], generatedAt: Date, limit = DEFAULT_FEED_CLIPS): ClipsFeed {
  const sorted = [...clips].sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id)).slice(0, limit);
  return { version: FEED_VERSION, generatedAt: generatedAt.toISOString(), clips: sorted.map(clipFeedEntry) };
}

/** labels/<Label>.json from appearances (newest start first, at most `limit`). */
export function buildLabelFeed(
  label: string,
  appearances: readonly Appearance[],
  generatedAt: Date,
  limit = DEFAULT_FEED_APPEARANCES,
): LabelFeed {
  const sorted = [...appearances].sort((a, b) => b.start - a.start || b.id.localeCompare(a.id)).slice(0, limit);
  return {
    version: FEED_VERSION,
    generatedAt: generatedAt.toISOString(),
    label,
    appearances: sorted.map((a) => ({
      id: a.id,
      channel: a.channel,
      label: a.label,
      open: a.open,
      start: iso(a.start),
      end: a.end === undefined ? undefined : iso(a.end),
      clipId: a.clipId,
      samples: a.samples.map((s) => ({
        time: iso(s.time),
        frame: s.frame,
        thumbnailUrl: url(s.imageKey),
        confidence: s.confidence,
        matched: s.matched,
        isCut: s.isCut,
      })),
    })),
  };
}

function contentHash(feed: { generatedAt: string }): string {
  const { generatedAt: _g, ...content } = feed;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** Collects feed content from the tables and writes the feeds. */
export class FeedPublisher {
  constructor(
    private readonly ctx: StoreContext,
    private readonly deps: { labels: LabelStore; clips: ClipStore; appearances: AppearanceStore; objects: ObjectStore },
  ) {}

  /** Writes `feed` to `key` unless the stored copy has the same content hash. */
  async write(key: string, feed: { generatedAt: string }): Promise<PublishResult> {
    const hash = contentHash(feed);
    const current = await this.deps.objects.head(key);
    if (current?.metadata[HASH_META] === hash) return { key, written: false, contentHash: hash };
    await this.deps.objects.put(key, JSON.stringify(feed), {
      contentType: 'application/json',
      cacheControl: FEED_CACHE_CONTROL,
      metadata: { [HASH_META]: hash },
    });
    return { key, written: true, contentHash: hash };
  }

  /** feeds/labels.json: every channel's labels, newest first (up to `limit`). @default limit 200 */
  async publishLabels(options: { limit?: number } = {}): Promise<PublishResult> {
    const page = await this.deps.labels.listNewest({ limit: options.limit ?? 200 });
    return this.write(LABELS_FEED_KEY, buildLabelsFeed(page.items, new Date(this.ctx.now())));
  }

  /**
   * feeds/clips.json: newest `limit` clips. `include` overrides listed records by id — pass the
   * clip you just changed, since the index it is read from is eventually consistent on AWS.
   */
  async publishClips(options: { limit?: number; include?: readonly ClipRecord[] } = {}): Promise<PublishResult> {
    const limit = options.limit ?? DEFAULT_FEED_CLIPS;
    const page = await this.deps.clips.list({ limit });
    const byId = new Map(page.items.map((c) => [c.id, c]));
    for (const c of options.include ?? []) byId.set(c.id, c);
    const result = await this.write(
      CLIPS_FEED_KEY,
      buildClipsFeed([...byId.values()], new Date(this.ctx.now()), limit),
    );
    // History for the dashboard: the changed clips' day pages (feeds/clips/days/…, clip-days.ts).
    if (options.include?.length)
      await new ClipDayPublisher(this.ctx, this.deps.objects, (k, f) => this.write(k, f)).publishDaysOf(
        options.include,
      );
    return result;
  }

  /** feeds/labels/<Label>.json: newest `limit` appearances across channels; `include` as above. */
  async publishLabel(
    label: string,
    options: { limit?: number; include?: readonly Appearance[] } = {},
  ): Promise<PublishResult> {
    validateLabel(label);
    const limit = options.limit ?? DEFAULT_FEED_APPEARANCES;
    const page = await this.deps.appearances.listByLabel(label, { limit });
    const byId = new Map(page.items.map((a) => [`${a.channel}/${a.id}`, a]));
    for (const a of options.include ?? []) byId.set(`${a.channel}/${a.id}`, a);
    return this.write(labelFeedKey(label), buildLabelFeed(label, [...byId.values()], new Date(this.ctx.now()), limit));
  }
}
