/**
 * Clip records, kept (no TTL). Items: pk = clip id; GSIs byChannel / byLabel / byCreated on
 * `createdSk` = `<createdAt, 15 digits>#<id>` (newest first with ScanIndexForward=false).
 * Status moves pending → cutting → ready | failed, each step a conditional update.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_PAGE_LIMIT } from './constants';
import {
  call,
  decodeCursor,
  encodeCursor,
  isConditionalFailure,
  pad,
  pageLimit,
  type Page,
  type PageOptions,
  type StoreContext,
} from './context';
import type { TimelineBreak } from './contracts';
import { InvalidIdError } from './errors';
import { validateChannel, validateId, validateLabel, validateTimeMs } from './keys';
import { INDEX } from './schema';

export type ClipStatus = 'pending' | 'cutting' | 'ready' | 'failed';

/** A cut inside a clip. */
export interface ClipCut {
  /** Epoch ms. */
  readonly time: number;
  readonly frame: string;
  readonly imageKey?: string;
}

/** Result of checking the clip's first/last frames against the source. */
export interface ClipVerification {
  readonly passed: boolean;
  readonly method: 'framemd5' | 'psnr';
  readonly detail?: string;
}

/** What the prekog Lambda knows when it asks for a clip. */
export interface NewClip {
  /** Idempotency key (e.g. derived from the appearance id). */
  readonly id: string;
  readonly channel: string;
  readonly label: string;
  readonly appearanceId?: string;
  /** Set when a timeline break (gap, encoder restart) is inside the scene: the clip holds the scene on its side of the break only. */
  readonly cutShortBy?: TimelineBreak;
  /** Epoch ms of the first / last frame. */
  readonly start: number;
  readonly end: number;
  readonly startFrame: string;
  readonly endFrame: string;
  readonly frameCount: number;
  readonly durationSeconds: number;
  readonly cuts?: readonly ClipCut[];
}

/** Fields set when a clip finishes (ready) or fails. */
export interface ClipOutcome {
  readonly reason?: string;
  readonly method?: 'smart' | 'reencode';
  readonly verification?: ClipVerification;
  readonly latencySeconds?: number;
  readonly detectorCalls?: number;
  readonly mp4Key?: string;
  readonly posterKey?: string;
  readonly hlsKey?: string;
  /** Final frame facts, if cutting changed them. */
  readonly frameCount?: number;
  readonly durationSeconds?: number;
}

/** A stored clip. */
export interface ClipRecord extends NewClip, Omit<ClipOutcome, 'frameCount' | 'durationSeconds'> {
  readonly status: ClipStatus;
  readonly cuts: readonly ClipCut[];
  /** Epoch ms. */
  readonly createdAt: number;
  readonly updatedAt: number;
  /** When status became `cutting` (epoch ms). */
  readonly cuttingSince?: number;
}

export type CreateClipResult =
  { readonly created: true; readonly clip: ClipRecord } | { readonly created: false; readonly existing: ClipRecord };
export type TransitionResult =
  | { readonly ok: true; readonly clip: ClipRecord }
  | { readonly ok: false; readonly reason: 'not-found' | 'invalid-transition'; readonly current?: ClipRecord };

/** Which statuses a clip may move to `to` from. */
const ALLOWED_FROM: Record<Exclude<ClipStatus, 'pending'>, readonly ClipStatus[]> = {
  cutting: ['pending'],
  ready: ['cutting'],
  failed: ['pending', 'cutting'],
};

const FEED_PK = 'clips';
const OUTCOME_FIELDS = [
  'reason',
  'method',
  'verification',
  'latencySeconds',
  'detectorCalls',
  'mp4Key',
  'posterKey',
  'hlsKey',
  'frameCount',
  'durationSeconds',
] as const;

function toClip(item: Record<string, unknown>): ClipRecord {
  const { pk, createdSk: _c, feedPk: _f, ...rest } = item;
  return { ...(rest as unknown as ClipRecord), id: pk as string, cuts: (item.cuts as ClipCut[] | undefined) ?? [] };
}

/** Clip records. */
export class ClipStore {
  constructor(private readonly ctx: StoreContext) {}

  private get table(): string {
    return this.ctx.tables.clips;
  }

  /** Creates a `pending` clip; idempotent by id (an existing clip is returned, unchanged). */
  async create(clip: NewClip): Promise<CreateClipResult> {
    validateId('clipId', clip.id);
    validateChannel(clip.channel);
    validateLabel(clip.label);
    if (clip.appearanceId !== undefined) validateId('appearanceId', clip.appearanceId);
    if (clip.cutShortBy !== undefined && clip.cutShortBy !== 'gap' && clip.cutShortBy !== 'reset')
      throw new InvalidIdError('cutShortBy', clip.cutShortBy, 'must be "gap" or "reset"');
    validateTimeMs('start', Math.floor(clip.start));
    validateTimeMs('end', Math.floor(clip.end));
    if (clip.end < clip.start) throw new InvalidIdError('end', clip.end, `is before start ${clip.start}`);
    const now = this.ctx.now();
    const { id, ...fields } = clip;
    const item = {
      ...fields,
      pk: id,
      status: 'pending',
      cuts: [...(clip.cuts ?? [])],
      createdAt: now,
      updatedAt: now,
      createdSk: `${pad(now, 15)}#${id}`,
      feedPk: FEED_PK,
    };
    try {
      await call('createClip', this.table, id, () =>
        this.ctx.ddb.send(
          new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
        ),
      );
      return { created: true, clip: toClip(item) };
    } catch (err) {
      if (!isConditionalFailure(err)) throw err;
      const existing = await this.get(id);
      if (existing === undefined) throw err;
      return { created: false, existing };
    }
  }

  /** One clip. */
  async get(id: string): Promise<ClipRecord | undefined> {
    validateId('clipId', id);
    const out = await call('getClip', this.table, id, () =>
      this.ctx.ddb.send(new GetCommand({ TableName: this.table, Key: { pk: id }, ConsistentRead: true })),
    );
    return out.Item === undefined ? undefined : toClip(out.Item);
  }

  /**
   * Moves a clip to `to` if its current status allows it (pending → cutting → ready | failed;
   * pending → failed). `cutting` may also be re-taken from a `cutting` clip whose cutter has been
   * silent for `staleCuttingMs` (a crashed cutter). A disallowed move is a result, not an error.
   */
  async transition(
    id: string,
    to: Exclude<ClipStatus, 'pending'>,
    outcome: ClipOutcome = {},
    options: { staleCuttingMs?: number } = {},
  ): Promise<TransitionResult> {
    validateId('clipId', id);
    const now = this.ctx.now();
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':to': to, ':now': now };
    const sets = ['#status = :to', 'updatedAt = :now'];
    for (const field of OUTCOME_FIELDS) {
      const v = outcome[field];
      if (v === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = v;
      sets.push(`#${field} = :${field}`);
    }
    if (to === 'cutting') sets.push('cuttingSince = :now');
    const from = ALLOWED_FROM[to];
    const conditions = from.map((s, i) => {
      values[`:from${i}`] = s;
      return `#status = :from${i}`;
    });
    if (to === 'cutting' && options.staleCuttingMs !== undefined) {
      values[':cutting'] = 'cutting';
      values[':stale'] = now - options.staleCuttingMs;
      conditions.push('(#status = :cutting AND cuttingSince < :stale)');
    }
    try {
      const out = await call(`clip→${to}`, this.table, id, () =>
        this.ctx.ddb.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: id },
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: `attribute_exists(pk) AND (${conditions.join(' OR ')})`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return { ok: true, clip: toClip(out.Attributes ?? {}) };
    } catch (err) {
      if (!isConditionalFailure(err)) throw err;
      const current = await this.get(id);
      return current === undefined
        ? { ok: false, reason: 'not-found' }
        : { ok: false, reason: 'invalid-transition', current };
    }
  }

  /** Every clip, newest first by default (GSI). */
  list(options: PageOptions = {}): Promise<Page<ClipRecord>> {
    return this.query('listClips', INDEX.clipsByCreated, 'feedPk', FEED_PK, options);
  }

  /** Clips of one channel, newest first by default (GSI). */
  listByChannel(channel: string, options: PageOptions = {}): Promise<Page<ClipRecord>> {
    return this.query('listClipsByChannel', INDEX.clipsByChannel, 'channel', validateChannel(channel), options);
  }

  /** Clips of one label, newest first by default (GSI). */
  listByLabel(label: string, options: PageOptions = {}): Promise<Page<ClipRecord>> {
    return this.query('listClipsByLabel', INDEX.clipsByLabel, 'label', validateLabel(label), options);
  }

  private async query(
    operation: string,
    indexName: string,
    keyName: string,
    value: string,
    options: PageOptions,
  ): Promise<Page<ClipRecord>> {
    const out = await call(operation, this.table, value, () =>
      this.ctx.ddb.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: indexName,
          KeyConditionExpression: '#k = :v',
          ExpressionAttributeNames: { '#k': keyName },
          ExpressionAttributeValues: { ':v': value },
          ScanIndexForward: (options.direction ?? 'backward') === 'forward',
          Limit: pageLimit(options.limit, DEFAULT_PAGE_LIMIT),
          ExclusiveStartKey: decodeCursor(options.cursor),
        }),
      ),
    );
    return { items: (out.Items ?? []).map(toClip), next: encodeCursor(out.LastEvaluatedKey) };
  }
}
