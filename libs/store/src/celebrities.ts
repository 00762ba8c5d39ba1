/**
 * Celebrity sightings — Rekognition celebrities on AWS, named faces offline, one record shape —
 * and the `feeds/celebrities.json` feed. Stored in the labels table (no new table to deploy), in
 * partitions of their own so the label summaries and their feed never see them:
 * - summary per channel and person: pk = `celebrities#<channel>`, sk = name; `feedPk` =
 *   "celebrities" + `lastSeen` put it on the `byLastSeen` GSI (every channel's people, newest first);
 * - one sighting per sample and person: pk = `celebrity-sightings#<channel>`,
 *   sk = `<time>#<mediaSequence>#<index>#<name>` (newest-first queries; expires like samples).
 */
import { createHash } from 'node:crypto';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AppearanceStore } from './appearances';
import { ClipStore } from './clips';
import { DEFAULT_PAGE_LIMIT, FEED_VERSION } from './constants';
import {
  call,
  decodeCursor,
  encodeCursor,
  expiresAt,
  pageLimit,
  type Page,
  type PageOptions,
  type StoreContext,
} from './context';
import { queryFeedByLastSeen } from './feed-index';
import { InvalidIdError } from './errors';
import { FeedPublisher, type PublishResult } from './feeds';
import { AFTER_LAST_SAMPLE, countOnce } from './count-once';
import { sampleKey } from './frames';
import { validateChannel, validateIndex, validateObjectKey, validateTimeMs } from './keys';
import { LabelStore } from './labels';
import { ObjectStore, relativeUrl } from './objects';

export const CELEBRITIES_FEED_KEY = 'feeds/celebrities.json';
const FEED_PK = 'celebrities';
/** A person's thumbnail is replaced in place when they are seen again. */
export const THUMBNAIL_CACHE_CONTROL = 'public, max-age=60';
const summaryPk = (channel: string) => `celebrities#${channel}`;
const sightingsPk = (channel: string) => `celebrity-sightings#${channel}`;

/** A face box, ratios of the frame (Rekognition's BoundingBox). */
export interface FaceBoundingBox {
  readonly Width: number;
  readonly Height: number;
  readonly Left: number;
  readonly Top: number;
}

/** One recognised face on one sample. */
export interface CelebritySightingInput {
  readonly channel: string;
  /** Rekognition Name (or the gallery folder name offline). */
  readonly name: string;
  /** Rekognition Id (offline `named:<name>`). */
  readonly celebrityId: string;
  /** 0..100 */
  readonly matchConfidence: number;
  readonly urls: readonly string[];
  readonly box: FaceBoundingBox;
  /** Where it came from: `rekognition` or `named-faces`. */
  readonly source: string;
  readonly mediaSequence: number;
  readonly index: number;
  /** Sample time, epoch ms. */
  readonly time: number;
  /** `YYYY-MM-DD HH:MM:SS;FF` */
  readonly frame: string;
  /** The sample JPEG (expires with the samples). */
  readonly imageKey: string;
  /** A copy that outlives the sample (see celebrityThumbnailKey), when one was written. */
  readonly thumbnailKey?: string;
}

export interface CelebritySummary {
  readonly channel: string;
  readonly name: string;
  readonly celebrityId: string;
  readonly source: string;
  /** Samples this person was recognised on. */
  readonly count: number;
  readonly firstSeen: number;
  readonly firstSeenFrame: string;
  readonly lastSeen: number;
  readonly lastSeenFrame: string;
  /** MatchConfidence of the newest sighting. */
  readonly confidence: number;
  readonly urls: readonly string[];
  /** Face box of the newest sighting. */
  readonly box: FaceBoundingBox;
  readonly thumbnailKey?: string;
}

/** feeds/celebrities.json */
export interface CelebritiesFeed {
  readonly version: 1;
  readonly generatedAt: string;
  readonly celebrities: readonly {
    channel: string;
    name: string;
    id: string;
    source: string;
    count: number;
    firstSeen: string;
    firstSeenFrame: string;
    lastSeen: string;
    lastSeenFrame: string;
    confidence: number;
    urls: readonly string[];
    box: FaceBoundingBox;
    thumbnailUrl?: string;
  }[];
}

/** A person's name as Rekognition spells it: 1-200 characters, no control characters, not blank. */
export function validatePersonName(value: unknown): string {
  // eslint-disable-next-line no-control-regex
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200 || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new InvalidIdError('person name', value, 'expected 1-200 characters without control characters');
  }
  return value;
}

/**
 * `feeds/thumbs/<channel>/people/<slug>-<hash>.jpg`: the newest sighting's frame, kept (not a
 * sample). Under `feeds/`, like the label thumbnails, so the parse function's existing AWS grant
 * (feeds/ read/write) covers it and nothing expires it.
 */
export function celebrityThumbnailKey(channel: string, name: string): string {
  const slug =
    validatePersonName(name)
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'person';
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `feeds/thumbs/${validateChannel(channel)}/people/${slug}-${hash}.jpg`;
}

// Rekognition's Urls are host/path without a scheme ("www.wikidata.org/wiki/Q…"); anything else
// (a scheme other than http(s), spaces, quotes) is dropped here, at the boundary.
const SAFE_URL = /^(?:https?:\/\/)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:\/[A-Za-z0-9\-._~%!$&'()*+,;=:@/?#]*)?$/;
export function safeUrls(urls: readonly string[]): string[] {
  return urls
    .filter((u) => typeof u === 'string' && u.length <= 500 && SAFE_URL.test(u) && !/["'<>]/.test(u))
    .slice(0, 10);
}

function validateSighting(s: CelebritySightingInput): void {
  validateChannel(s.channel);
  validatePersonName(s.name);
  validateTimeMs('time', s.time);
  validateIndex('mediaSequence', s.mediaSequence);
  validateIndex('index', s.index);
  validateObjectKey(s.imageKey);
  if (s.thumbnailKey !== undefined) validateObjectKey(s.thumbnailKey);
  if (!(Number.isFinite(s.matchConfidence) && s.matchConfidence >= 0 && s.matchConfidence <= 100))
    throw new InvalidIdError('matchConfidence', s.matchConfidence, 'expected 0..100');
  const b = s.box;
  if (![b.Width, b.Height, b.Left, b.Top].every((v) => Number.isFinite(v) && v >= -1 && v <= 2))
    throw new InvalidIdError('box', b, 'expected ratios of the frame');
}

function toSummary(item: Record<string, unknown>): CelebritySummary {
  return {
    channel: String(item.pk).slice(summaryPk('').length),
    name: item.sk as string,
    celebrityId: item.celebrityId as string,
    source: item.source as string,
    count: item.count as number,
    firstSeen: item.firstSeen as number,
    firstSeenFrame: item.firstSeenFrame as string,
    lastSeen: item.lastSeen as number,
    lastSeenFrame: item.lastSeenFrame as string,
    confidence: item.confidence as number,
    urls: (item.urls as string[] | undefined) ?? [],
    box: item.box as FaceBoundingBox,
    thumbnailKey: item.thumbnailKey as string | undefined,
  };
}

function toSighting(channel: string, item: Record<string, unknown>): CelebritySightingInput {
  return {
    channel,
    name: item.name as string,
    celebrityId: item.celebrityId as string,
    matchConfidence: item.confidence as number,
    urls: (item.urls as string[] | undefined) ?? [],
    box: item.box as FaceBoundingBox,
    source: item.source as string,
    mediaSequence: item.mediaSequence as number,
    index: item.index as number,
    time: item.time as number,
    frame: item.frame as string,
    imageKey: item.imageKey as string,
  };
}

/** Celebrity sightings and summaries. */
export class CelebrityStore {
  constructor(private readonly ctx: StoreContext) {}

  private get table(): string {
    return this.ctx.tables.labels;
  }

  /**
   * Stores one sighting and counts it in the person's summary — exactly once per sample: a
   * sighting at or before the last one counted (a replayed segment) returns `{ applied: false }`.
   */
  async recordSighting(s: CelebritySightingInput): Promise<{ applied: boolean }> {
    validateSighting(s);
    const sampleSk = sampleKey(s);
    const urls = safeUrls(s.urls);
    const exp = expiresAt(this.ctx);
    const key = `${s.channel}/${s.name}`;
    const sighting = {
      pk: sightingsPk(s.channel),
      sk: `${sampleSk}#${s.name}`,
      name: s.name,
      celebrityId: s.celebrityId,
      source: s.source,
      confidence: s.matchConfidence,
      urls,
      box: { ...s.box },
      mediaSequence: s.mediaSequence,
      index: s.index,
      time: s.time,
      frame: s.frame,
      imageKey: s.imageKey,
      expiresAt: exp,
    };
    await call('putCelebritySighting', this.table, key, () =>
      this.ctx.ddb.send(new PutCommand({ TableName: this.table, Item: sighting })),
    );
    return countOnce(() =>
      call('recordCelebrity', this.table, key, () =>
        this.ctx.ddb.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: summaryPk(s.channel), sk: s.name },
            UpdateExpression:
              'SET feedPk = :feed, celebrityId = :id, #source = :src, lastSeen = :t, lastSeenFrame = :f, confidence = :c, urls = :u, box = :b, lastSampleSk = :s, expiresAt = :exp, ' +
              'firstSeen = if_not_exists(firstSeen, :t), firstSeenFrame = if_not_exists(firstSeenFrame, :f)' +
              (s.thumbnailKey === undefined ? '' : ', thumbnailKey = :th') +
              ' ADD #count :one',
            ConditionExpression: AFTER_LAST_SAMPLE,
            ExpressionAttributeNames: { '#count': 'count', '#source': 'source' },
            ExpressionAttributeValues: {
              ':feed': FEED_PK,
              ':id': s.celebrityId,
              ':src': s.source,
              ':t': s.time,
              ':f': s.frame,
              ':c': s.matchConfidence,
              ':u': urls,
              ':b': { ...s.box },
              ':s': sampleSk,
              ':exp': exp,
              ':one': 1,
              ...(s.thumbnailKey === undefined ? {} : { ':th': s.thumbnailKey }),
            },
          }),
        ),
      ),
    );
  }

  /** Every channel's people, newest `lastSeen` first by default (GSI: eventually consistent on AWS). */
  async listNewest(options: PageOptions = {}): Promise<Page<CelebritySummary>> {
    return queryFeedByLastSeen(this.ctx, 'listNewestCelebrities', FEED_PK, toSummary, options);
  }

  /** A channel's sightings, newest first by default. */
  async listSightings(channel: string, options: PageOptions = {}): Promise<Page<CelebritySightingInput>> {
    validateChannel(channel);
    const out = await call('listCelebritySightings', this.table, channel, () =>
      this.ctx.ddb.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': sightingsPk(channel) },
          ConsistentRead: true,
          ScanIndexForward: (options.direction ?? 'backward') === 'forward',
          Limit: pageLimit(options.limit, DEFAULT_PAGE_LIMIT),
          ExclusiveStartKey: decodeCursor(options.cursor),
        }),
      ),
    );
    return {
      items: (out.Items ?? []).map((item) => toSighting(channel, item)),
      next: encodeCursor(out.LastEvaluatedKey),
    };
  }

  /**
   * Keeps `jpeg` (the frame a person was recognised on) at celebrityThumbnailKey, so the feed's
   * thumbnail outlives the sample. One fixed key per person, overwritten: cached briefly.
   */
  async putThumbnail(channel: string, name: string, jpeg: Uint8Array): Promise<string> {
    const key = celebrityThumbnailKey(channel, name);
    return new ObjectStore(this.ctx).put(key, jpeg, {
      contentType: 'image/jpeg',
      cacheControl: THUMBNAIL_CACHE_CONTROL,
    });
  }

  /** Writes feeds/celebrities.json (every channel's people, newest first, up to `limit`) when its content changed. */
  async publishFeed(options: { limit?: number } = {}): Promise<PublishResult> {
    const page = await this.listNewest({ limit: options.limit ?? 200 });
    const publisher = new FeedPublisher(this.ctx, {
      labels: new LabelStore(this.ctx),
      clips: new ClipStore(this.ctx),
      appearances: new AppearanceStore(this.ctx),
      objects: new ObjectStore(this.ctx),
    });
    return publisher.write(CELEBRITIES_FEED_KEY, buildCelebritiesFeed(page.items, new Date(this.ctx.now())));
  }
}

/** celebrities.json from summaries (newest lastSeen first). */
export function buildCelebritiesFeed(summaries: readonly CelebritySummary[], generatedAt: Date): CelebritiesFeed {
  const iso = (ms: number) => new Date(ms).toISOString();
  const celebrities = [...summaries]
    .sort((a, b) => b.lastSeen - a.lastSeen || a.channel.localeCompare(b.channel) || a.name.localeCompare(b.name))
    .map((s) => ({
      channel: s.channel,
      name: s.name,
      id: s.celebrityId,
      source: s.source,
      count: s.count,
      firstSeen: iso(s.firstSeen),
      firstSeenFrame: s.firstSeenFrame,
      lastSeen: iso(s.lastSeen),
      lastSeenFrame: s.lastSeenFrame,
      confidence: s.confidence,
      urls: safeUrls(s.urls),
      box: s.box,
      ...(s.thumbnailKey === undefined ? {} : { thumbnailUrl: relativeUrl(s.thumbnailKey) }),
    }));
  return { version: FEED_VERSION, generatedAt: generatedAt.toISOString(), celebrities };
}

/** A CelebrityStore over the given clients (the same ones the rest of the store uses). */
export function createCelebrityStore(options: Omit<StoreContext, 'now'> & { now?: () => number }): CelebrityStore {
  if (!(options.ttlHours > 0))
    throw new InvalidIdError('ttlHours', options.ttlHours, 'expected a positive number of hours');
  return new CelebrityStore({ ...options, now: options.now ?? Date.now });
}
