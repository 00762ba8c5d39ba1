/**
 * Clip history for the dashboard: one file per UTC day (`feeds/clips/days/<YYYY-MM-DD>.json`,
 * every clip created that day, newest first, without the per-clip cut list) and an index
 * (`feeds/clips/days.json`: each day with its count, channels and labels, newest day first).
 * A day page of 1,000 clips is ~400 KB of JSON, and the dashboard never loads more than one.
 *
 * Written by the clips feed publisher whenever a clip changes: the changed clips' days are
 * rebuilt from the `byCreated` index (not patched), so two writers racing on one day converge
 * on the next rebuild instead of losing a clip.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ClipRecord } from './clips';
import { call, pad, type StoreContext } from './context';
import { clipFeedEntry, type ClipsFeedEntry, type PublishResult } from './feeds';
import type { ObjectStore } from './objects';
import { INDEX } from './schema';

export const CLIP_DAYS_INDEX_KEY = 'feeds/clips/days.json';
export const clipDayKey = (day: string): string => `feeds/clips/days/${day}.json`;
const DAY_MS = 86_400_000;

/** One entry of a day page: a clips.json entry without its cut list. */
export type ClipDayEntry = Omit<ClipsFeedEntry, 'cuts'>;

export interface ClipDayFeed {
  readonly version: 1;
  readonly generatedAt: string;
  readonly day: string;
  readonly clips: readonly ClipDayEntry[];
}

export interface ClipDaySummary {
  readonly day: string;
  readonly count: number;
  readonly channels: readonly string[];
  readonly labels: readonly string[];
}

export interface ClipDaysIndex {
  readonly version: 1;
  readonly generatedAt: string;
  readonly days: readonly ClipDaySummary[];
}

/** `YYYY-MM-DD` (UTC) of an epoch ms. */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** A day page from that day's clips (newest createdAt first). */
export function buildClipDayFeed(day: string, clips: readonly ClipRecord[], generatedAt: Date): ClipDayFeed {
  const sorted = [...clips].sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
  return {
    version: 1,
    generatedAt: generatedAt.toISOString(),
    day,
    clips: sorted.map((c) => {
      const { cuts: _cuts, ...entry } = clipFeedEntry(c);
      return entry;
    }),
  };
}

/** The index with `summary` put in place of its day (newest day first). */
export function withDaySummary(
  index: ClipDaysIndex | undefined,
  summary: ClipDaySummary,
  generatedAt: Date,
): ClipDaysIndex {
  const days = (index?.days ?? []).filter((d) => d.day !== summary.day);
  if (summary.count > 0) days.push(summary);
  days.sort((a, b) => b.day.localeCompare(a.day));
  return { version: 1, generatedAt: generatedAt.toISOString(), days };
}

export function summariseDay(feed: ClipDayFeed): ClipDaySummary {
  const distinct = (values: string[]) => [...new Set(values)].sort();
  return {
    day: feed.day,
    count: feed.clips.length,
    channels: distinct(feed.clips.map((c) => c.channel)),
    labels: distinct(feed.clips.map((c) => c.label)),
  };
}

function toClip(item: Record<string, unknown>): ClipRecord {
  const { pk, createdSk: _c, feedPk: _f, ...rest } = item;
  return {
    ...(rest as unknown as ClipRecord),
    id: pk as string,
    cuts: (item.cuts as ClipRecord['cuts'] | undefined) ?? [],
  };
}

/** Rebuilds day pages and the index; `write` skips unchanged content (FeedPublisher.write). */
export class ClipDayPublisher {
  constructor(
    private readonly ctx: StoreContext,
    private readonly objects: ObjectStore,
    private readonly write: (key: string, feed: { generatedAt: string }) => Promise<PublishResult>,
  ) {}

  /** Rebuilds the day of each given clip (they override what the eventually consistent index returns). */
  async publishDaysOf(changed: readonly ClipRecord[]): Promise<ClipDaySummary[]> {
    const days = [...new Set(changed.map((c) => utcDay(c.createdAt)))];
    const summaries: ClipDaySummary[] = [];
    for (const day of days) {
      const byId = new Map((await this.clipsOfDay(day)).map((c) => [c.id, c]));
      for (const c of changed) if (utcDay(c.createdAt) === day) byId.set(c.id, c);
      const feed = buildClipDayFeed(day, [...byId.values()], new Date(this.ctx.now()));
      await this.write(clipDayKey(day), feed);
      summaries.push(summariseDay(feed));
    }
    if (summaries.length > 0) await this.updateIndex(summaries);
    return summaries;
  }

  /** Every clip created on `day` (UTC), from the byCreated index, all pages. */
  async clipsOfDay(day: string): Promise<ClipRecord[]> {
    const start = Date.parse(`${day}T00:00:00.000Z`);
    const clips: ClipRecord[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const out = await call('listClipsOfDay', this.ctx.tables.clips, day, () =>
        this.ctx.ddb.send(
          new QueryCommand({
            TableName: this.ctx.tables.clips,
            IndexName: INDEX.clipsByCreated,
            KeyConditionExpression: 'feedPk = :f AND createdSk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':f': 'clips',
              ':from': pad(start, 15),
              ':to': `${pad(start + DAY_MS - 1, 15)}#\uffff`,
            },
            ScanIndexForward: false,
            ExclusiveStartKey: cursor,
          }),
        ),
      );
      clips.push(...(out.Items ?? []).map(toClip));
      cursor = out.LastEvaluatedKey;
    } while (cursor !== undefined);
    return clips;
  }

  private async updateIndex(summaries: readonly ClipDaySummary[]): Promise<void> {
    const bytes = await this.objects.getBytes(CLIP_DAYS_INDEX_KEY);
    let index: ClipDaysIndex | undefined;
    try {
      index = bytes ? (JSON.parse(Buffer.from(bytes).toString('utf8')) as ClipDaysIndex) : undefined;
    } catch {
      index = undefined; // rebuilt day by day as clips change
    }
    const now = new Date(this.ctx.now());
    for (const summary of summaries) index = withDaySummary(index, summary, now);
    if (index) await this.write(CLIP_DAYS_INDEX_KEY, index);
  }
}
