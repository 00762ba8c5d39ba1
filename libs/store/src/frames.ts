/**
 * Frames: one item per sample (cut or periodic), per channel ordered by absolute time.
 * Items: pk = channel; sk = `<time µs, 17 digits>#<mediaSequence, 15>#<index, 6>`; cut samples
 * also carry `cutSk` (= sk), which makes the sparse `cuts` LSI hold only cuts. A sample of a
 * timeline epoch after the first (an encoder restart: sequence numbers from 0 again) carries
 * `epoch`; epoch 0 is stored without it, as segments are. Reads scoped to an epoch filter on it,
 * so a neighbouring sample is never taken from another timeline.
 */
import { BatchWriteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_PAGE_LIMIT } from './constants';
import {
  call,
  decodeCursor,
  encodeCursor,
  expiresAt,
  pad,
  pageLimit,
  parseJson,
  type Page,
  type PageOptions,
  type StoreContext,
} from './context';
import { InvalidIdError, StoreUnavailableError } from './errors';
import { validateChannel, validateIndex } from './keys';
import { readObservation, type StoredObservation } from './contracts';
import { INDEX } from './schema';
import { sleep } from './util/sleep';

/** One sample as the parse Lambda writes it. */
export interface FrameSample {
  readonly mediaSequence: number;
  /** Timeline epoch of the sample's segment (libs/hls raises it at an encoder restart). @default 0 */
  readonly epoch?: number;
  /** Frame index within the segment, presentation order from 0. */
  readonly index: number;
  /** Absolute time, epoch ms (may be fractional). */
  readonly time: number;
  /** `YYYY-MM-DD HH:MM:SS;FF` */
  readonly frame: string;
  /** ffmpeg scene score 0..1. */
  readonly sceneScore: number;
  readonly isCut: boolean;
  /** Sample JPEG key (samples/<channel>/<seq>/<index>.jpg). */
  readonly imageKey?: string;
  /** The observation (Rekognition DetectLabels `Labels`), stored as JSON; checked when read. */
  readonly observation?: StoredObservation;
  readonly labelModelVersion?: string;
  /** Watched labels that matched on this sample. */
  readonly matchedLabels?: readonly string[];
  /** True when the observation was reused from an earlier sample of the scene (no detector call). */
  readonly reused?: boolean;
}

/** A stored frame (sample). */
export interface FrameRecord extends FrameSample {
  readonly channel: string;
}

/** Paging options of a frames query, optionally kept to one timeline epoch. */
export interface FrameQueryOptions extends PageOptions {
  /**
   * Only samples of this timeline epoch (0 = stored without `epoch`). A filtered page may hold
   * fewer than `limit` items and still have a `next`: page on until `next` is undefined.
   * @default every epoch
   */
  readonly epoch?: number;
}

/** Options for single-frame cut lookups. */
export interface CutLookupOptions {
  /** Also accept a cut exactly at `t`. @default false */
  readonly inclusive?: boolean;
}

const MAX_BATCH_ROUNDS = 6;

/** Sort key of a time (µs precision keeps 29.97 fps frames distinct and ordered). */
export function frameTimeKey(time: number): string {
  return pad(Math.round(time * 1000), 17);
}

/**
 * A sample's sort key — time, then segment and frame: the frames item's `sk`, and the order in
 * which label and person summaries count each sample once (count-once.ts).
 */
export function sampleKey(s: Pick<FrameSample, 'time' | 'mediaSequence' | 'index'>): string {
  return `${frameTimeKey(s.time)}#${pad(s.mediaSequence, 15)}#${pad(s.index, 6)}`;
}

function validTime(kind: string, t: number): number {
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > 9_999_999_999_999)
    throw new InvalidIdError(kind, t, 'expected epoch milliseconds');
  return t;
}

function validateSample(s: FrameSample): void {
  validateIndex('mediaSequence', s.mediaSequence);
  if (s.epoch !== undefined) validateIndex('epoch', s.epoch);
  validateIndex('frameIndex', s.index);
  if (typeof s.time !== 'number' || !Number.isFinite(s.time) || s.time < 0 || s.time > 9_999_999_999_999)
    throw new InvalidIdError('time', s.time, 'expected epoch milliseconds');
  if (typeof s.sceneScore !== 'number' || !Number.isFinite(s.sceneScore))
    throw new InvalidIdError('sceneScore', s.sceneScore, 'expected a finite number');
  if (typeof s.frame !== 'string' || s.frame.length > 40)
    throw new InvalidIdError('frame', s.frame, 'expected a frame label string');
}

function toItem(ctx: StoreContext, channel: string, s: FrameSample): Record<string, unknown> {
  validateSample(s);
  const sk = sampleKey(s);
  return {
    pk: channel,
    sk,
    ...(s.isCut ? { cutSk: sk } : {}),
    epoch: s.epoch ? s.epoch : undefined,
    time: s.time,
    mediaSequence: s.mediaSequence,
    index: s.index,
    frame: s.frame,
    sceneScore: s.sceneScore,
    isCut: s.isCut,
    imageKey: s.imageKey,
    observationJson: s.observation === undefined ? undefined : JSON.stringify(s.observation),
    labelModelVersion: s.labelModelVersion,
    matchedLabels: s.matchedLabels === undefined || s.matchedLabels.length === 0 ? undefined : [...s.matchedLabels],
    reused: s.reused === true ? true : undefined,
    expiresAt: expiresAt(ctx),
  };
}

function toRecord(item: Record<string, unknown>): FrameRecord {
  return {
    channel: item.pk as string,
    mediaSequence: item.mediaSequence as number,
    ...(typeof item.epoch === 'number' && item.epoch > 0 ? { epoch: item.epoch } : {}),
    index: item.index as number,
    time: item.time as number,
    frame: item.frame as string,
    sceneScore: item.sceneScore as number,
    isCut: item.isCut as boolean,
    imageKey: item.imageKey as string | undefined,
    observation: readObservation(parseJson(item.observationJson), `frame ${String(item.sk)}`),
    labelModelVersion: item.labelModelVersion as string | undefined,
    matchedLabels: (item.matchedLabels as string[] | undefined) ?? [],
    ...(item.reused === true ? { reused: true } : {}),
  };
}

/** The filter keeping a query to one timeline epoch (epoch 0 is stored without the attribute). */
function epochFilter(epoch: number | undefined): {
  FilterExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
} {
  if (epoch === undefined) return {};
  validateIndex('epoch', epoch);
  return {
    FilterExpression: epoch === 0 ? 'attribute_not_exists(#epoch) OR #epoch = :epoch' : '#epoch = :epoch',
    ExpressionAttributeNames: { '#epoch': 'epoch' },
  };
}

/** Frames (samples) per channel, by absolute time. */
export class FrameStore {
  constructor(private readonly ctx: StoreContext) {}

  private get table(): string {
    return this.ctx.tables.frames;
  }

  /** Writes one sample. Idempotent: the key is (channel, time, mediaSequence, index). */
  async put(channel: string, sample: FrameSample): Promise<void> {
    validateChannel(channel);
    const item = toItem(this.ctx, channel, sample);
    await call('putFrame', this.table, item.sk as string, () =>
      this.ctx.ddb.send(new PutCommand({ TableName: this.table, Item: item })),
    );
  }

  /**
   * Writes many samples with BatchWriteItem (25 per request), re-sending unprocessed items a
   * bounded number of times. Idempotent. Throws StoreUnavailableError naming how many were not
   * written if throttling persists.
   */
  async putMany(channel: string, samples: readonly FrameSample[]): Promise<void> {
    validateChannel(channel);
    // BatchWriteItem rejects a batch holding the same key twice: keep the last copy of each sample.
    const items = [
      ...new Map(samples.map((s) => toItem(this.ctx, channel, s)).map((item) => [item.sk as string, item])).values(),
    ];
    for (let i = 0; i < items.length; i += 25) {
      let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let round = 0; requests.length > 0; round += 1) {
        if (round >= MAX_BATCH_ROUNDS)
          throw new StoreUnavailableError(
            `putFrames: ${requests.length} of ${samples.length} samples still unprocessed after ${MAX_BATCH_ROUNDS} rounds`,
            { resource: this.table, operation: 'putFrames' },
          );
        if (round > 0) await sleep(Math.random() * 50 * 2 ** round);
        const batch = requests;
        const out = await call('putFrames', this.table, undefined, () =>
          this.ctx.ddb.send(new BatchWriteCommand({ RequestItems: { [this.table]: batch } })),
        );
        requests = (out.UnprocessedItems?.[this.table] ?? []) as typeof requests;
      }
    }
  }

  /**
   * Samples with t1 <= time <= t2 (epoch ms). Default direction `forward` (oldest first);
   * `backward` walks from t2 down. Page with `next`.
   */
  between(channel: string, t1: number, t2: number, options: FrameQueryOptions = {}): Promise<Page<FrameRecord>> {
    return this.query(
      'samplesBetween',
      channel,
      undefined,
      'sk',
      { lo: frameTimeKey(validTime('t1', t1)), hi: `${frameTimeKey(validTime('t2', t2))}#~` },
      options,
    );
  }

  /** Cuts with t1 <= time <= t2, same paging as `between`. */
  cutsBetween(channel: string, t1: number, t2: number, options: PageOptions = {}): Promise<Page<FrameRecord>> {
    return this.query(
      'cutsBetween',
      channel,
      INDEX.framesCuts,
      'cutSk',
      { lo: frameTimeKey(validTime('t1', t1)), hi: `${frameTimeKey(validTime('t2', t2))}#~` },
      options,
    );
  }

  /** The last cut before `t` (or at `t` with `inclusive`). One query, Limit 1. */
  async previousCut(channel: string, t: number, options: CutLookupOptions = {}): Promise<FrameRecord | undefined> {
    const key = frameTimeKey(validTime('t', t));
    const page = await this.query(
      'previousCut',
      channel,
      INDEX.framesCuts,
      'cutSk',
      { below: options.inclusive === true ? `${key}#~` : key },
      { limit: 1, direction: 'backward' },
    );
    return page.items[0];
  }

  /** The first cut after `t` (or at `t` with `inclusive`). One query, Limit 1. */
  async nextCut(channel: string, t: number, options: CutLookupOptions = {}): Promise<FrameRecord | undefined> {
    const key = frameTimeKey(validTime('t', t));
    const page = await this.query(
      'nextCut',
      channel,
      INDEX.framesCuts,
      'cutSk',
      { above: options.inclusive === true ? key : `${key}#~` },
      { limit: 1, direction: 'forward' },
    );
    return page.items[0];
  }

  /**
   * Samples strictly before `t`, newest first (walk backward a page at a time); with `since`, none
   * older than `since` (one bounded key range, however many a filter on `epoch` leaves out).
   */
  before(
    channel: string,
    t: number,
    options: Omit<FrameQueryOptions, 'direction'> & { readonly since?: number } = {},
  ): Promise<Page<FrameRecord>> {
    const below = frameTimeKey(validTime('t', t));
    // `sk` of a sample at `t` is `<key(t)>#…`, which sorts after `key(t)`: BETWEEN stays strictly before t.
    const range =
      options.since === undefined ? { below } : { lo: frameTimeKey(validTime('since', options.since)), hi: below };
    return this.query('samplesBefore', channel, undefined, 'sk', range, { ...options, direction: 'backward' });
  }

  /** Samples strictly after `t`, oldest first. */
  after(channel: string, t: number, options: Omit<FrameQueryOptions, 'direction'> = {}): Promise<Page<FrameRecord>> {
    return this.query(
      'samplesAfter',
      channel,
      undefined,
      'sk',
      { above: `${frameTimeKey(validTime('t', t))}#~` },
      { ...options, direction: 'forward' },
    );
  }

  // '#~' sorts after every real `#<seq>#<index>` suffix, so `<key>#~` bounds "at or before t".
  private async query(
    operation: string,
    channel: string,
    indexName: string | undefined,
    keyName: 'sk' | 'cutSk',
    range: { lo: string; hi: string } | { below: string } | { above: string },
    options: FrameQueryOptions,
  ): Promise<Page<FrameRecord>> {
    validateChannel(channel);
    let condition: string;
    let values: Record<string, unknown>;
    if ('lo' in range) {
      condition = `pk = :pk AND ${keyName} BETWEEN :lo AND :hi`;
      values = { ':pk': channel, ':lo': range.lo, ':hi': range.hi };
    } else if ('below' in range) {
      condition = `pk = :pk AND ${keyName} < :b`;
      values = { ':pk': channel, ':b': range.below };
    } else {
      condition = `pk = :pk AND ${keyName} > :b`;
      values = { ':pk': channel, ':b': range.above };
    }
    const filter = epochFilter(options.epoch); // checked here: a bad epoch is the caller's error
    const out = await call(operation, this.table, channel, () =>
      this.ctx.ddb.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: indexName,
          KeyConditionExpression: condition,
          ...filter,
          ExpressionAttributeValues: { ...values, ...(options.epoch === undefined ? {} : { ':epoch': options.epoch }) },
          ConsistentRead: true,
          ScanIndexForward: (options.direction ?? 'forward') === 'forward',
          Limit: pageLimit(options.limit, DEFAULT_PAGE_LIMIT),
          ExclusiveStartKey: decodeCursor(options.cursor),
        }),
      ),
    );
    return { items: (out.Items ?? []).map(toRecord), next: encodeCursor(out.LastEvaluatedKey) };
  }
}
