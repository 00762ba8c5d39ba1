/**
 * Segment claims (exactly-once processing with an expiring lease) and the per-channel cursor.
 * Items: pk = channel; sk = `SEG#<mediaSequence 15 digits>` | `CURSOR`.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_LEASE_MS, DEFAULT_PAGE_LIMIT } from './constants';
import {
  call,
  decodeCursor,
  encodeCursor,
  expiresAt,
  isConditionalFailure,
  pad,
  pageLimit,
  parseJson,
  type Page,
  type PageOptions,
  type StoreContext,
} from './context';
import { InvalidIdError } from './errors';
import { validateChannel, validateIndex, validateTimeMs } from './keys';
import {
  readJsonObject,
  readRunState,
  readSegmentTimeline,
  type JsonObject,
  type RunState,
  type SegmentTimeline,
} from './contracts';
import { INDEX } from './schema';

/** Segment facts known when it is claimed or completed. */
export interface SegmentInfo {
  /** Absolute start, epoch ms (PROGRAM-DATE-TIME, or estimated). */
  readonly startTime: number;
  /** Duration in seconds. */
  readonly duration: number;
  readonly discontinuitySequence?: number;
  readonly clock?: 'program-date-time' | 'estimated';
  /** Source URI. */
  readonly uri?: string;
  /** Archived copy in the bucket. */
  readonly archiveKey?: string;
  /** Archived init section (EXT-X-MAP), if any. */
  readonly initKey?: string;
  /** What parse learnt about the segment (first seen, frames, rate, size); checked when read. */
  readonly timeline?: SegmentTimeline;
}

export type SegmentStatus = 'claimed' | 'done' | 'failed' | 'released';

/** A stored segment record. */
export interface SegmentRecord extends SegmentInfo {
  readonly channel: string;
  readonly mediaSequence: number;
  readonly status: SegmentStatus;
  /** Current or last holder. */
  readonly owner: string;
  /** Lease end, epoch ms (meaningful while `claimed`). */
  readonly leaseUntil: number;
  /** How many times it has been claimed. */
  readonly attempts: number;
  readonly reason?: string;
  readonly updatedAt: number;
  /** Timeline epoch the record belongs to (see ClaimOptions.epoch). */
  readonly epoch: number;
}

/** Outcome of `claim`. Losing a claim is a result, not an error. */
export type ClaimResult =
  | { readonly claimed: true; readonly token: string; readonly attempt: number; readonly leaseUntil: number }
  | { readonly claimed: false; readonly reason: 'done' | 'failed' | 'leased'; readonly current?: SegmentRecord };

/** Outcome of `complete` / `renew` / `release` / `fail`. */
export type LeaseResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'lost-lease' | 'not-found'; readonly current?: SegmentRecord };

/** Options of `claim`. */
export interface ClaimOptions {
  /** Who claims (e.g. the Lambda request id); stored for diagnosis. */
  readonly owner: string;
  /** Lease length in ms; after it another run may take the segment over. @default 300000 */
  readonly leaseMs?: number;
  /** Facts to store with the claim (startTime enables time lookups). */
  readonly info?: SegmentInfo;
  /**
   * Timeline epoch of the channel (0 until the first encoder restart/reset). A segment's identity
   * is (channel, epoch, mediaSequence): a claim with a higher epoch takes over a record left by an
   * older epoch at the same media sequence (an encoder that restarted and reuses numbers).
   * @default 0
   */
  readonly epoch?: number;
}

/** The per-channel cursor: where processing got to, plus state carried between runs. */
export interface ChannelCursor {
  readonly channel: string;
  /** Last media sequence fully processed. */
  readonly lastMediaSequence: number;
  readonly discontinuitySequence?: number;
  /** libs/media's sampling carry (owned and checked there), kept as the JSON object it is. */
  readonly carry?: JsonObject;
  /** What the run hands to the next one: run lease, appearance states, follower state. Checked when read. */
  readonly run: RunState;
  /** Optimistic-concurrency version; pass it back to `putCursor`. */
  readonly version: number;
  readonly updatedAt: number;
}

/** Outcome of `putCursor`. */
export type CursorResult =
  | { readonly ok: true; readonly version: number }
  | { readonly ok: false; readonly reason: 'version-mismatch'; readonly current?: ChannelCursor };

const segSk = (seq: number): string => `SEG#${pad(seq, 15)}`;
const CURSOR_SK = 'CURSOR';
/**
 * Partition of the done records a later timeline epoch took over at the same sequence (an encoder
 * restart reusing numbers): kept so an earlier epoch's clip still finds its segments.
 */
const supersededPk = (channel: string, epoch: number): string => `${channel}#E${epoch}`;

function toRecord(item: Record<string, unknown>): SegmentRecord {
  return {
    // A superseded copy lives under another partition and names its channel itself.
    channel: (item.channel as string | undefined) ?? (item.pk as string),
    mediaSequence: item.mediaSequence as number,
    status: item.status as SegmentStatus,
    owner: item.owner as string,
    leaseUntil: item.leaseUntil as number,
    attempts: item.attempts as number,
    reason: item.reason as string | undefined,
    updatedAt: item.updatedAt as number,
    epoch: typeof item.epoch === 'number' ? item.epoch : 0,
    startTime: item.startTime as number,
    duration: item.duration as number,
    discontinuitySequence: item.discontinuitySequence as number | undefined,
    clock: item.clock as SegmentInfo['clock'],
    uri: item.uri as string | undefined,
    archiveKey: item.archiveKey as string | undefined,
    initKey: item.initKey as string | undefined,
    timeline: readSegmentTimeline(
      parseJson(item.timelineJson),
      `segment ${String(item.pk)}/${String(item.mediaSequence)}`,
    ),
  };
}

function infoAttributes(info: Partial<SegmentInfo> | undefined): Record<string, unknown> {
  if (info === undefined) return {};
  if (info.startTime !== undefined) validateTimeMs('startTime', info.startTime);
  if (info.duration !== undefined && !(Number.isFinite(info.duration) && info.duration >= 0))
    throw new InvalidIdError('duration', info.duration, 'expected seconds >= 0');
  const out: Record<string, unknown> = {
    startTime: info.startTime,
    duration: info.duration,
    discontinuitySequence: info.discontinuitySequence,
    clock: info.clock,
    uri: info.uri,
    archiveKey: info.archiveKey,
    initKey: info.initKey,
    timelineJson: info.timeline === undefined ? undefined : JSON.stringify(info.timeline),
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/** Builds `SET a = :a, …` for the given attributes, adding names/values into the maps. */
function setClause(
  attrs: Record<string, unknown>,
  names: Record<string, string>,
  values: Record<string, unknown>,
): string[] {
  return Object.entries(attrs).map(([k, v]) => {
    names[`#${k}`] = k;
    values[`:${k}`] = v;
    return `#${k} = :${k}`;
  });
}

/** Segment claims and the channel cursor. */
export class SegmentStore {
  constructor(private readonly ctx: StoreContext) {}

  private get table(): string {
    return this.ctx.tables.segments;
  }

  /**
   * Claims `(channel, mediaSequence)` for processing. Succeeds if nobody holds it, or the
   * holder's lease expired, or it was released. Two concurrent claimers never both win. Safe
   * against a lost response: a retried claim that finds its own token reports success.
   */
  async claim(channel: string, mediaSequence: number, options: ClaimOptions): Promise<ClaimResult> {
    validateChannel(channel);
    validateIndex('mediaSequence', mediaSequence);
    const now = this.ctx.now();
    const leaseUntil = now + (options.leaseMs ?? DEFAULT_LEASE_MS);
    const token = randomUUID();
    const names: Record<string, string> = {
      '#status': 'status',
      '#leaseUntil': 'leaseUntil',
      '#owner': 'owner',
      '#token': 'token',
      '#attempts': 'attempts',
      '#updatedAt': 'updatedAt',
      '#expiresAt': 'expiresAt',
      '#mediaSequence': 'mediaSequence',
    };
    const values: Record<string, unknown> = {
      ':claimed': 'claimed',
      ':released': 'released',
      ':now': now,
      ':lease': leaseUntil,
      ':owner': options.owner,
      ':token': token,
      ':one': 1,
      ':exp': expiresAt(this.ctx),
      ':seq': mediaSequence,
    };
    const sets = [
      '#status = :claimed',
      '#leaseUntil = :lease',
      '#owner = :owner',
      '#token = :token',
      '#updatedAt = :now',
      '#expiresAt = :exp',
      '#mediaSequence = :seq',
      ...setClause(infoAttributes(options.info), names, values),
    ];
    const epoch = options.epoch ?? 0;
    validateIndex('epoch', epoch);
    // A later epoch takes over what an earlier one left at this sequence; epoch 0 is the condition of old.
    let condition = 'attribute_not_exists(pk) OR #status = :released OR (#status = :claimed AND #leaseUntil < :now)';
    if (epoch > 0) {
      sets.push('#epoch = :epoch');
      Object.assign(names, { '#epoch': 'epoch' });
      Object.assign(values, { ':epoch': epoch });
      condition += ' OR attribute_not_exists(#epoch) OR #epoch < :epoch';
    }
    const key = { pk: channel, sk: segSk(mediaSequence) };
    if (epoch > 0) await this.keepSuperseded(channel, mediaSequence, epoch);
    try {
      const out = await call('claim', this.table, `${channel}/${mediaSequence}`, () =>
        this.ctx.ddb.send(
          new UpdateCommand({
            TableName: this.table,
            Key: key,
            UpdateExpression: `SET ${sets.join(', ')} ADD #attempts :one`,
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return { claimed: true, token, attempt: (out.Attributes?.attempts as number | undefined) ?? 1, leaseUntil };
    } catch (err) {
      if (!isConditionalFailure(err)) throw err;
      const current = await this.getRaw(channel, mediaSequence);
      // Our own earlier attempt succeeded but its response was lost: still ours.
      if (current !== undefined && current.token === token)
        return { claimed: true, token, attempt: current.attempts as number, leaseUntil };
      const record = current === undefined ? undefined : toRecord(current);
      const reason = record?.status === 'done' ? 'done' : record?.status === 'failed' ? 'failed' : 'leased';
      return { claimed: false, reason, current: record };
    }
  }

  /**
   * Before a later epoch takes over a done record at the same sequence, copies it under the
   * superseded partition (idempotent: the copy is the same item each time).
   */
  private async keepSuperseded(channel: string, mediaSequence: number, epoch: number): Promise<void> {
    const current = await this.getRaw(channel, mediaSequence);
    const previous = typeof current?.epoch === 'number' ? current.epoch : 0;
    if (current === undefined || current.status !== 'done' || previous >= epoch) return;
    const item = { ...current, channel, pk: supersededPk(channel, previous) };
    await call('keepSuperseded', this.table, `${channel}/${mediaSequence}`, () =>
      this.ctx.ddb.send(new PutCommand({ TableName: this.table, Item: item })),
    );
  }

  /**
   * The done segments of one timeline epoch with media sequence in [from, to], ascending: the
   * current records of that epoch plus those a later epoch took over at the same sequence
   * (what a clip of an earlier epoch is cut from). At most `limit` (default 1000) records.
   */
  async listEpochBySequence(
    channel: string,
    epoch: number,
    from: number,
    to: number,
    limit = 1000,
  ): Promise<SegmentRecord[]> {
    validateIndex('epoch', epoch);
    const drain = async (pk: string): Promise<SegmentRecord[]> => {
      const out: SegmentRecord[] = [];
      let cursor: string | undefined;
      do {
        const page = await this.query(
          'listEpochBySequence',
          {
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
            ExpressionAttributeValues: { ':pk': pk, ':a': segSk(from), ':b': segSk(to) },
          },
          { limit: Math.min(limit, 1000), ...(cursor ? { cursor } : {}) },
        );
        out.push(...page.items);
        cursor = page.next;
      } while (cursor && out.length < limit);
      return out;
    };
    validateChannel(channel);
    validateIndex('from', from);
    validateIndex('to', to);
    const current = (await drain(channel)).filter((r) => r.epoch === epoch);
    const superseded = await drain(supersededPk(channel, epoch));
    const bySequence = new Map<number, SegmentRecord>();
    for (const r of [...superseded, ...current]) bySequence.set(r.mediaSequence, r);
    return [...bySequence.values()].sort((a, b) => a.mediaSequence - b.mediaSequence).slice(0, limit);
  }

  /** Extends a held lease. */
  renew(
    channel: string,
    mediaSequence: number,
    token: string,
    leaseMs: number = DEFAULT_LEASE_MS,
  ): Promise<LeaseResult> {
    return this.transition(channel, mediaSequence, token, 'renew', { leaseUntil: this.ctx.now() + leaseMs });
  }

  /** Marks a held segment done, storing what was learnt (archive key, timeline…). */
  complete(channel: string, mediaSequence: number, token: string, info?: Partial<SegmentInfo>): Promise<LeaseResult> {
    return this.transition(channel, mediaSequence, token, 'complete', { status: 'done', ...infoAttributes(info) });
  }

  /** Gives a held segment back so the next run retries it at once. */
  release(channel: string, mediaSequence: number, token: string, reason?: string): Promise<LeaseResult> {
    return this.transition(channel, mediaSequence, token, 'release', {
      status: 'released',
      ...(reason === undefined ? {} : { reason }),
    });
  }

  /** Marks a held segment permanently failed (it will not be claimed again). */
  fail(channel: string, mediaSequence: number, token: string, reason: string): Promise<LeaseResult> {
    return this.transition(channel, mediaSequence, token, 'fail', { status: 'failed', reason });
  }

  private async transition(
    channel: string,
    mediaSequence: number,
    token: string,
    operation: string,
    attrs: Record<string, unknown>,
  ): Promise<LeaseResult> {
    validateChannel(channel);
    validateIndex('mediaSequence', mediaSequence);
    const names: Record<string, string> = { '#token': 'token', '#status': 'status' };
    const values: Record<string, unknown> = { ':token': token, ':claimed': 'claimed' };
    const sets = setClause({ ...attrs, updatedAt: this.ctx.now() }, names, values);
    // Completing twice with the same token is fine (a retried call whose first response was lost).
    const finalStatus = attrs.status;
    const condition =
      finalStatus === undefined
        ? '#token = :token AND #status = :claimed'
        : '#token = :token AND (#status = :claimed OR #status = :status)';
    try {
      await call(operation, this.table, `${channel}/${mediaSequence}`, () =>
        this.ctx.ddb.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: channel, sk: segSk(mediaSequence) },
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        ),
      );
      return { ok: true };
    } catch (err) {
      if (!isConditionalFailure(err)) throw err;
      const current = await this.getRaw(channel, mediaSequence);
      return current === undefined
        ? { ok: false, reason: 'not-found' }
        : { ok: false, reason: 'lost-lease', current: toRecord(current) };
    }
  }

  private async getRaw(channel: string, mediaSequence: number): Promise<Record<string, unknown> | undefined> {
    const out = await call('getSegment', this.table, `${channel}/${mediaSequence}`, () =>
      this.ctx.ddb.send(
        new GetCommand({ TableName: this.table, Key: { pk: channel, sk: segSk(mediaSequence) }, ConsistentRead: true }),
      ),
    );
    return out.Item;
  }

  /** One segment record. */
  async get(channel: string, mediaSequence: number): Promise<SegmentRecord | undefined> {
    validateChannel(channel);
    validateIndex('mediaSequence', mediaSequence);
    const item = await this.getRaw(channel, mediaSequence);
    return item === undefined ? undefined : toRecord(item);
  }

  /** Segments with media sequence in [from, to], ascending by default. */
  async listBySequence(
    channel: string,
    from: number,
    to: number,
    options: PageOptions = {},
  ): Promise<Page<SegmentRecord>> {
    validateChannel(channel);
    validateIndex('from', from);
    validateIndex('to', to);
    return this.query(
      'listBySequence',
      {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':pk': channel, ':a': segSk(from), ':b': segSk(to) },
      },
      options,
    );
  }

  /**
   * Segments that overlap [t1, t2] (epoch ms), by start time, ascending by default — the
   * archived segments a clip between t1 and t2 needs. `maxSegmentMs` bounds how far before t1 a
   * segment may start and still overlap. @param maxSegmentMs @default 60000
   */
  async listOverlapping(
    channel: string,
    t1: number,
    t2: number,
    options: PageOptions & { maxSegmentMs?: number } = {},
  ): Promise<Page<SegmentRecord>> {
    validateChannel(channel);
    validateTimeMs('t1', t1);
    validateTimeMs('t2', t2);
    const from = Math.max(0, t1 - (options.maxSegmentMs ?? 60_000));
    const page = await this.query(
      'listOverlapping',
      {
        IndexName: INDEX.segmentsByStart,
        KeyConditionExpression: 'pk = :pk AND startTime BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':pk': channel, ':a': from, ':b': t2 },
      },
      options,
    );
    return { ...page, items: page.items.filter((s) => s.startTime + s.duration * 1000 > t1) };
  }

  private async query(
    operation: string,
    input: { IndexName?: string; KeyConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> },
    options: PageOptions,
  ): Promise<Page<SegmentRecord>> {
    const out = await call(operation, this.table, undefined, () =>
      this.ctx.ddb.send(
        new QueryCommand({
          TableName: this.table,
          ...input,
          ConsistentRead: true,
          ScanIndexForward: (options.direction ?? 'forward') === 'forward',
          Limit: pageLimit(options.limit, DEFAULT_PAGE_LIMIT),
          ExclusiveStartKey: decodeCursor(options.cursor),
        }),
      ),
    );
    return { items: (out.Items ?? []).map(toRecord), next: encodeCursor(out.LastEvaluatedKey) };
  }

  /** The channel's cursor, or undefined before the first run. */
  async getCursor(channel: string): Promise<ChannelCursor | undefined> {
    validateChannel(channel);
    const out = await call('getCursor', this.table, channel, () =>
      this.ctx.ddb.send(
        new GetCommand({ TableName: this.table, Key: { pk: channel, sk: CURSOR_SK }, ConsistentRead: true }),
      ),
    );
    const item = out.Item;
    if (item === undefined) return undefined;
    return {
      channel,
      lastMediaSequence: item.lastMediaSequence as number,
      discontinuitySequence: item.discontinuitySequence as number | undefined,
      ...(item.carryJson === undefined
        ? {}
        : { carry: readJsonObject(parseJson(item.carryJson), `cursor ${channel}: carry`) }),
      // The attribute keeps its first name (timelineJson) so cursors written before stay readable.
      run: readRunState(parseJson(item.timelineJson), `cursor ${channel}`),
      version: item.version as number,
      updatedAt: item.updatedAt as number,
    };
  }

  /**
   * Writes the cursor if its version is still `expectedVersion` (undefined = no cursor yet).
   * A concurrent writer makes this return `{ ok: false }` — never an error.
   */
  async putCursor(
    channel: string,
    next: { lastMediaSequence: number; discontinuitySequence?: number; carry?: JsonObject; run?: RunState },
    expectedVersion: number | undefined,
  ): Promise<CursorResult> {
    validateChannel(channel);
    validateIndex('lastMediaSequence', next.lastMediaSequence);
    const version = (expectedVersion ?? 0) + 1;
    const item: Record<string, unknown> = {
      pk: channel,
      sk: CURSOR_SK,
      lastMediaSequence: next.lastMediaSequence,
      discontinuitySequence: next.discontinuitySequence,
      carryJson: next.carry === undefined ? undefined : JSON.stringify(next.carry),
      timelineJson: next.run === undefined ? undefined : JSON.stringify(next.run),
      version,
      updatedAt: this.ctx.now(),
    };
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':expected': expectedVersion ?? 0 };
    const attrs = Object.fromEntries(
      Object.entries(item).filter(([k, v]) => k !== 'pk' && k !== 'sk' && v !== undefined),
    );
    const sets = setClause(attrs, names, values);
    const removes = ['discontinuitySequence', 'carryJson', 'timelineJson'].filter((k) => item[k] === undefined);
    for (const k of removes) names[`#${k}`] = k;
    if (expectedVersion !== undefined) names['#v'] = 'version';
    try {
      await call('putCursor', this.table, channel, () =>
        this.ctx.ddb.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: channel, sk: CURSOR_SK },
            UpdateExpression: `SET ${sets.join(', ')}${removes.length === 0 ? '' : ` REMOVE ${removes.map((k) => `#${k}`).join(', ')}`}`,
            ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : '#v = :expected',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues:
              expectedVersion === undefined
                ? Object.fromEntries(Object.entries(values).filter(([k]) => k !== ':expected'))
                : values,
          }),
        ),
      );
      return { ok: true, version };
    } catch (err) {
      if (!isConditionalFailure(err)) throw err;
      const current = await this.getCursor(channel);
      // A retried write whose first response was lost: the stored cursor is exactly ours.
      if (
        current !== undefined &&
        current.version === version &&
        current.lastMediaSequence === next.lastMediaSequence &&
        JSON.stringify(current.carry) === JSON.stringify(next.carry)
      )
        return { ok: true, version };
      return { ok: false, reason: 'version-mismatch', current };
    }
  }
}
