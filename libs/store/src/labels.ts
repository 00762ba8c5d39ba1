/**
 * Label summary per channel and label. Items: pk = channel; sk = label; `feedPk` = "labels" and
 * `lastSeen` feed the `byLastSeen` GSI (every channel's labels, newest first, one query).
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_PAGE_LIMIT } from './constants';
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
import { validateChannel, validateLabel, validateTimeMs } from './keys';
import { AFTER_LAST_SAMPLE, countOnce } from './count-once';
import { sampleKey } from './frames';

const FEED_PK = 'labels';

/** One sighting of a watched label on a sample. */
export interface LabelSighting {
  /** Sample time, epoch ms. */
  readonly time: number;
  /** Sample identity — sightings are counted once per sample, in time order. */
  readonly mediaSequence: number;
  readonly index: number;
  /** `YYYY-MM-DD HH:MM:SS;FF` */
  readonly frame: string;
  /** 0..100 */
  readonly confidence: number;
  readonly thumbnailKey?: string;
}

/** A stored label summary. */
export interface LabelSummary {
  readonly channel: string;
  readonly name: string;
  /** Matched samples counted so far. */
  readonly count: number;
  /** Epoch ms of the newest sighting. */
  readonly lastSeen: number;
  readonly lastSeenFrame: string;
  readonly confidence: number;
  readonly thumbnailKey?: string;
}

function toSummary(item: Record<string, unknown>): LabelSummary {
  return {
    channel: item.pk as string,
    name: item.sk as string,
    count: item.count as number,
    lastSeen: item.lastSeen as number,
    lastSeenFrame: item.lastSeenFrame as string,
    confidence: item.confidence as number,
    thumbnailKey: item.thumbnailKey as string | undefined,
  };
}

/** Label summaries. */
export class LabelStore {
  constructor(private readonly ctx: StoreContext) {}

  private get table(): string {
    return this.ctx.tables.labels;
  }

  /**
   * Counts one sighting and moves `lastSeen` forward. Exactly once per sample: a sighting at or
   * before the last one counted (a replay after a crash) returns `{ applied: false }`.
   */
  async recordSighting(channel: string, label: string, s: LabelSighting): Promise<{ applied: boolean }> {
    validateChannel(channel);
    validateLabel(label);
    validateTimeMs('time', Math.floor(s.time));
    if (!(Number.isFinite(s.confidence) && s.confidence >= 0 && s.confidence <= 100))
      throw new InvalidIdError('confidence', s.confidence, 'expected 0..100');
    const sampleSk = sampleKey(s);
    return countOnce(() =>
      call('recordSighting', this.table, `${channel}/${label}`, () =>
        this.ctx.ddb.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: channel, sk: label },
            UpdateExpression:
              'SET feedPk = :feed, lastSeen = :t, lastSeenFrame = :f, confidence = :c, lastSampleSk = :s, expiresAt = :exp' +
              (s.thumbnailKey === undefined ? ' REMOVE thumbnailKey' : ', thumbnailKey = :th') +
              ' ADD #count :one',
            ConditionExpression: AFTER_LAST_SAMPLE,
            ExpressionAttributeNames: { '#count': 'count' },
            ExpressionAttributeValues: {
              ':feed': FEED_PK,
              ':t': s.time,
              ':f': s.frame,
              ':c': s.confidence,
              ':s': sampleSk,
              ':exp': expiresAt(this.ctx),
              ':one': 1,
              ...(s.thumbnailKey === undefined ? {} : { ':th': s.thumbnailKey }),
            },
          }),
        ),
      ),
    );
  }

  /** One summary. */
  async get(channel: string, label: string): Promise<LabelSummary | undefined> {
    validateChannel(channel);
    validateLabel(label);
    const out = await call('getLabel', this.table, `${channel}/${label}`, () =>
      this.ctx.ddb.send(
        new GetCommand({ TableName: this.table, Key: { pk: channel, sk: label }, ConsistentRead: true }),
      ),
    );
    return out.Item === undefined ? undefined : toSummary(out.Item);
  }

  /** A channel's labels (by name). */
  async listForChannel(channel: string, options: PageOptions = {}): Promise<Page<LabelSummary>> {
    validateChannel(channel);
    const out = await call('listLabels', this.table, channel, () =>
      this.ctx.ddb.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': channel },
          ConsistentRead: true,
          ScanIndexForward: (options.direction ?? 'forward') === 'forward',
          Limit: pageLimit(options.limit, DEFAULT_PAGE_LIMIT),
          ExclusiveStartKey: decodeCursor(options.cursor),
        }),
      ),
    );
    return { items: (out.Items ?? []).map(toSummary), next: encodeCursor(out.LastEvaluatedKey) };
  }

  /** Every channel's labels, newest `lastSeen` first by default (GSI: eventually consistent on AWS). */
  async listNewest(options: PageOptions = {}): Promise<Page<LabelSummary>> {
    return queryFeedByLastSeen(this.ctx, 'listNewestLabels', FEED_PK, toSummary, options);
  }
}
