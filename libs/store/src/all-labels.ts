/**
 * Every label the detector returned at or above a confidence (env `ALL_LABELS_MIN_CONFIDENCE`,
 * default 50, as the original's summary table), per channel — not only the watched ones. Items
 * live in the labels table under pk `all#<channel>` (so the watched summaries' `pk = channel`
 * queries never see them) with `feedPk = "all-labels"` on the `byLastSeen` GSI.
 *
 * One write per label per segment, not per sample: a segment's samples are folded first. Replays
 * of a segment are refused by `lastSeen < :first`. The thumbnail is copied from the expiring
 * `samples/…` prefix to `feeds/thumbs/<channel>/<Label>.jpg` (no expiry; under `feeds/`, which
 * the parse function may already write on AWS) — at most every 10 minutes
 * per label, so a label on screen all day does not rewrite its thumbnail every segment.
 *
 * Feed: `feeds/all-labels.json`, entries of the `feeds/labels.json` entry shape plus
 * `firstSeen`, `firstSeenFrame` and `watched`, so one parser reads both.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { call, expiresAt, isConditionalFailure, type StoreContext } from './context';
import { StoreConfigError } from './errors';
import { validateChannel, validateLabel, validateObjectKey } from './keys';
import { relativeUrl, type ObjectStore } from './objects';
import { INDEX } from './schema';

export const ALL_LABELS_FEED_KEY = 'feeds/all-labels.json';
/** Confidence (0..100) a label needs to be listed. */
export const DEFAULT_ALL_LABELS_MIN_CONFIDENCE = 50;
/** A label's kept thumbnail is replaced at most this often. */
export const ALL_LABELS_THUMB_REFRESH_MS = 10 * 60_000;
/** Most labels listed in the feed (newest lastSeen first). */
export const ALL_LABELS_FEED_LIMIT = 500;
const FEED_PK = 'all-labels';

/** One sample's detector output, as parse has it. */
export interface LabelledSample {
  /** Epoch ms. */
  readonly time: number;
  readonly frame: string;
  readonly imageKey?: string;
  /** null when the detector failed on this sample. */
  readonly labels: readonly { readonly Name: string; readonly Confidence: number }[] | null;
}

/** One entry of feeds/all-labels.json. */
export interface AllLabelsEntry {
  channel: string;
  name: string;
  count: number;
  firstSeen: string;
  firstSeenFrame: string;
  lastSeen: string;
  lastSeenFrame: string;
  confidence: number;
  thumbnailUrl?: string;
  watched: boolean;
}

export interface AllLabelsFeed {
  readonly version: 1;
  readonly generatedAt: string;
  readonly labels: readonly AllLabelsEntry[];
}

/** One label folded over a segment's samples. */
export interface SegmentLabel {
  readonly name: string;
  readonly count: number;
  readonly first: LabelledSample;
  readonly last: LabelledSample;
  /** Highest confidence in the segment. */
  readonly confidence: number;
  /** Sample with the highest confidence (the thumbnail's source). */
  readonly best: LabelledSample;
}

/** `ALL_LABELS_MIN_CONFIDENCE` from the environment (0..100), else 50. */
export function allLabelsMinConfidenceFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const raw = env.ALL_LABELS_MIN_CONFIDENCE;
  if (raw === undefined || raw.trim() === '') return DEFAULT_ALL_LABELS_MIN_CONFIDENCE;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 100)
    throw new StoreConfigError('ALL_LABELS_MIN_CONFIDENCE', `${JSON.stringify(raw)} is not a confidence 0..100`);
  return n;
}

/** Folds a segment's samples into one entry per label at or above `minConfidence` (pure). */
export function foldSegmentLabels(samples: readonly LabelledSample[], minConfidence: number): SegmentLabel[] {
  const byName = new Map<
    string,
    {
      name: string;
      count: number;
      first: LabelledSample;
      last: LabelledSample;
      confidence: number;
      best: LabelledSample;
    }
  >();
  const ordered = [...samples].sort((a, b) => a.time - b.time);
  for (const sample of ordered) {
    const seen = new Set<string>();
    for (const label of sample.labels ?? []) {
      if (label.Confidence < minConfidence || seen.has(label.Name)) continue;
      seen.add(label.Name);
      const entry = byName.get(label.Name);
      if (!entry) {
        byName.set(label.Name, {
          name: label.Name,
          count: 1,
          first: sample,
          last: sample,
          confidence: label.Confidence,
          best: sample,
        });
        continue;
      }
      entry.count++;
      entry.last = sample;
      if (label.Confidence > entry.confidence) {
        entry.confidence = label.Confidence;
        entry.best = sample;
      }
    }
  }
  return [...byName.values()];
}

/** `feeds/thumbs/<channel>/<Label>.jpg` — a label's kept thumbnail (not under an expiring prefix). */
export function labelThumbnailKey(channel: string, label: string): string {
  return validateObjectKey(`feeds/thumbs/${validateChannel(channel)}/${validateLabel(label)}.jpg`);
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Records every label per channel and publishes feeds/all-labels.json. */
export class AllLabelsStore {
  constructor(
    private readonly ctx: StoreContext,
    private readonly objects: ObjectStore,
    readonly minConfidence: number = DEFAULT_ALL_LABELS_MIN_CONFIDENCE,
  ) {}

  /** Records one segment's samples: one write per label (plus a thumbnail copy when due). */
  async recordSegment(
    channel: string,
    samples: readonly LabelledSample[],
    watched: readonly string[],
  ): Promise<{ written: number; thumbnails: number }> {
    validateChannel(channel);
    let written = 0;
    let thumbnails = 0;
    for (const label of foldSegmentLabels(samples, this.minConfidence)) {
      // Detector labels are free text: one we cannot key is skipped, never a reason to fail.
      try {
        validateLabel(label.name);
      } catch {
        continue;
      }
      const old = await this.update(channel, label, watched.includes(label.name));
      if (old === undefined) continue;
      written++;
      if (await this.refreshThumbnail(channel, label, old.thumbAt)) thumbnails++;
    }
    return { written, thumbnails };
  }

  /** The label's item; undefined when the segment was already counted (a replay). */
  private async update(
    channel: string,
    label: SegmentLabel,
    watched: boolean,
  ): Promise<{ thumbAt?: number } | undefined> {
    try {
      const out = await call('recordAllLabels', this.ctx.tables.labels, `${channel}/${label.name}`, () =>
        this.ctx.ddb.send(
          new UpdateCommand({
            TableName: this.ctx.tables.labels,
            Key: { pk: `all#${channel}`, sk: label.name },
            UpdateExpression:
              'SET feedPk = :feed, channel = :ch, lastSeen = :last, lastSeenFrame = :lf, confidence = :c, watched = :w, expiresAt = :exp, ' +
              'firstSeen = if_not_exists(firstSeen, :first), firstSeenFrame = if_not_exists(firstSeenFrame, :ff) ADD #count :n',
            ConditionExpression: 'attribute_not_exists(lastSeen) OR lastSeen < :first',
            ExpressionAttributeNames: { '#count': 'count' },
            ExpressionAttributeValues: {
              ':feed': FEED_PK,
              ':ch': channel,
              ':last': label.last.time,
              ':lf': label.last.frame,
              ':c': label.confidence,
              ':w': watched,
              ':exp': expiresAt(this.ctx),
              ':first': label.first.time,
              ':ff': label.first.frame,
              ':n': label.count,
            },
            ReturnValues: 'ALL_OLD',
          }),
        ),
      );
      return { thumbAt: out.Attributes?.thumbAt as number | undefined };
    } catch (err) {
      if (isConditionalFailure(err)) return undefined;
      throw err;
    }
  }

  /** Copies the best sample of the segment to the label's kept thumbnail when due. */
  private async refreshThumbnail(channel: string, label: SegmentLabel, thumbAt: number | undefined): Promise<boolean> {
    const now = this.ctx.now();
    const source = label.best.imageKey;
    if (source === undefined || (thumbAt !== undefined && now - thumbAt < ALL_LABELS_THUMB_REFRESH_MS)) return false;
    const bytes = await this.objects.getBytes(source);
    if (!bytes) return false; // the sample already expired: keep the old thumbnail
    const key = labelThumbnailKey(channel, label.name);
    // Same key, new bytes: a short cache, and the feed URL carries `?v=` so browsers refetch.
    await this.objects.put(key, bytes, { contentType: 'image/jpeg', cacheControl: 'public, max-age=300' });
    await call('setAllLabelsThumb', this.ctx.tables.labels, `${channel}/${label.name}`, () =>
      this.ctx.ddb.send(
        new UpdateCommand({
          TableName: this.ctx.tables.labels,
          Key: { pk: `all#${channel}`, sk: label.name },
          UpdateExpression: 'SET thumbnailKey = :k, thumbAt = :t',
          ExpressionAttributeValues: { ':k': key, ':t': now },
        }),
      ),
    );
    return true;
  }

  /** Every channel's labels, newest lastSeen first (GSI: eventually consistent on AWS). */
  async list(limit = ALL_LABELS_FEED_LIMIT): Promise<AllLabelsEntry[]> {
    const entries: AllLabelsEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await call('listAllLabels', this.ctx.tables.labels, FEED_PK, () =>
        this.ctx.ddb.send(
          new QueryCommand({
            TableName: this.ctx.tables.labels,
            IndexName: INDEX.labelsByLastSeen,
            KeyConditionExpression: 'feedPk = :f',
            ExpressionAttributeValues: { ':f': FEED_PK },
            ScanIndexForward: false,
            Limit: Math.min(100, limit - entries.length),
            ExclusiveStartKey: start,
          }),
        ),
      );
      entries.push(...(out.Items ?? []).map(toEntry));
      start = out.LastEvaluatedKey;
    } while (start !== undefined && entries.length < limit);
    return entries;
  }

  /** Writes feeds/all-labels.json (always: it is small and its `generatedAt` is informative). */
  async publish(): Promise<AllLabelsFeed> {
    const feed: AllLabelsFeed = { version: 1, generatedAt: iso(this.ctx.now()), labels: await this.list() };
    await this.objects.put(ALL_LABELS_FEED_KEY, JSON.stringify(feed), { contentType: 'application/json' });
    return feed;
  }
}

function toEntry(item: Record<string, unknown>): AllLabelsEntry {
  const thumbKey = item.thumbnailKey as string | undefined;
  return {
    channel: item.channel as string,
    name: item.sk as string,
    count: item.count as number,
    firstSeen: iso(item.firstSeen as number),
    firstSeenFrame: item.firstSeenFrame as string,
    lastSeen: iso(item.lastSeen as number),
    lastSeenFrame: item.lastSeenFrame as string,
    confidence: item.confidence as number,
    ...(thumbKey === undefined ? {} : { thumbnailUrl: `${relativeUrl(thumbKey)}?v=${String(item.thumbAt ?? 0)}` }),
    watched: item.watched === true,
  };
}
