/**
 * Appearances: open/closed runs of a trigger per channel and label, spanning parse runs.
 * Items: pk = `<channel>#<label>`; sk = `A#<id>` (ids start with the zero-padded start time, so
 * they sort by start) and one pointer item sk = `OPEN` { openId } naming the open appearance.
 * No transactions (dynalite has none): the appearance item is written first, then the pointer is
 * taken with a condition; a crash between leaves only an unreferenced item.
 */
import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_PAGE_LIMIT, MAX_APPEARANCE_SAMPLES } from './constants';
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
import { StoreUnavailableError } from './errors';
import { validateChannel, validateId, validateIndex, validateLabel, validateTimeMs } from './keys';
import { readAppearanceRecordState, readAppearanceSamples, type AppearanceRecordState } from './contracts';
import { INDEX } from './schema';
import { sleep } from './util/sleep';

/** One sample inside an appearance (what feeds/labels/<Label>.json lists). */
export interface AppearanceSample {
  /** Epoch ms. */
  readonly time: number;
  readonly frame: string;
  readonly mediaSequence: number;
  readonly index: number;
  readonly imageKey?: string;
  /** Confidence of the label on this sample, null when absent. */
  readonly confidence: number | null;
  readonly matched: boolean;
  readonly isCut: boolean;
}

/** A stored appearance. */
export interface Appearance {
  readonly id: string;
  readonly channel: string;
  readonly label: string;
  readonly open: boolean;
  /** Epoch ms of the first matching sample. */
  readonly start: number;
  readonly startFrame: string;
  readonly end?: number;
  readonly endFrame?: string;
  /** Samples in time order (the newest MAX_APPEARANCE_SAMPLES). */
  readonly samples: readonly AppearanceSample[];
  readonly clipId?: string;
  /** Caller state (prekog's provisional clip bounds); checked when read. */
  readonly state?: AppearanceRecordState;
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** `existing` is the appearance already open — or, for a replayed open of a closed one, that closed appearance. */
export type OpenResult =
  | { readonly opened: true; readonly appearance: Appearance }
  | { readonly opened: false; readonly existing: Appearance };
export type UpdateResult =
  | { readonly ok: true; readonly appearance: Appearance }
  | { readonly ok: false; readonly reason: 'not-found' | 'closed' | 'conflict'; readonly appearance?: Appearance };
export type CloseResult =
  | { readonly closed: true; readonly appearance: Appearance }
  | { readonly closed: false; readonly reason: 'not-found' | 'already-closed'; readonly appearance?: Appearance };

const OPEN_SK = 'OPEN';
const MAX_CONFLICT_RETRIES = 5;
const partition = (channel: string, label: string): string => `${channel}#${label}`;

/** Deterministic id: the same first sample always yields the same appearance (replays are idempotent). */
export function appearanceId(
  channel: string,
  label: string,
  first: { time: number; mediaSequence: number; index: number },
): string {
  const hash = createHash('sha256')
    .update(`${channel}\n${label}\n${first.mediaSequence}\n${first.index}`)
    .digest('hex')
    .slice(0, 10);
  return `${pad(Math.floor(first.time), 15)}-${hash}`;
}

function validateSample(s: AppearanceSample): void {
  validateTimeMs('sample time', Math.floor(s.time));
  validateIndex('mediaSequence', s.mediaSequence);
  validateIndex('frameIndex', s.index);
}

function mergeSamples(existing: readonly AppearanceSample[], added: readonly AppearanceSample[]): AppearanceSample[] {
  const byKey = new Map<string, AppearanceSample>();
  for (const s of [...existing, ...added]) byKey.set(`${s.mediaSequence}:${s.index}`, s);
  const merged = [...byKey.values()].sort((a, b) => a.time - b.time);
  return merged.slice(Math.max(0, merged.length - MAX_APPEARANCE_SAMPLES));
}

function toAppearance(item: Record<string, unknown>): Appearance {
  return {
    id: (item.sk as string).slice(2),
    channel: item.channel as string,
    label: item.label as string,
    open: item.open as boolean,
    start: item.start as number,
    startFrame: item.startFrame as string,
    end: item.end as number | undefined,
    endFrame: item.endFrame as string | undefined,
    samples: readAppearanceSamples<AppearanceSample>(
      parseJson(item.samplesJson),
      `appearance ${String(item.sk).slice(2)}`,
    ),
    clipId: item.clipId as string | undefined,
    state: readAppearanceRecordState(parseJson(item.stateJson), `appearance ${String(item.sk).slice(2)}`),
    version: item.version as number,
    createdAt: item.createdAt as number,
    updatedAt: item.updatedAt as number,
  };
}

/** What the pointer read before an open decided: the answer already, or the closed id that may be replaced. */
type PointerCheck =
  | { readonly decided: OpenResult; readonly stale?: undefined }
  | { readonly decided?: undefined; readonly stale: string | undefined };

/** Writing the appearance item: created, a replay of an open one, or (decided) a replay of a closed one. */
type PutOutcome =
  | { readonly decided: OpenResult; readonly created?: undefined }
  | { readonly decided?: undefined; readonly created: boolean };

/** The item of a new open appearance starting at `first`, version 1. */
function newAppearanceItem(
  channel: string,
  label: string,
  id: string,
  first: AppearanceSample,
  state: AppearanceRecordState | undefined,
  now: number,
  expires: number,
): Record<string, unknown> {
  return {
    pk: partition(channel, label),
    sk: `A#${id}`,
    channel,
    label,
    startSk: id,
    open: true,
    start: first.time,
    startFrame: first.frame,
    samplesJson: JSON.stringify([first]),
    stateJson: state === undefined ? undefined : JSON.stringify(state),
    version: 1,
    createdAt: now,
    updatedAt: now,
    expiresAt: expires,
  };
}

/** Appearance state per channel and trigger. */
export class AppearanceStore {
  constructor(private readonly ctx: StoreContext) {}

  private get table(): string {
    return this.ctx.tables.appearances;
  }

  /** One appearance. */
  async get(channel: string, label: string, id: string): Promise<Appearance | undefined> {
    validateChannel(channel);
    validateLabel(label);
    validateId('appearanceId', id);
    const out = await call('getAppearance', this.table, id, () =>
      this.ctx.ddb.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: partition(channel, label), sk: `A#${id}` },
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item === undefined ? undefined : toAppearance(out.Item);
  }

  /** The open appearance of (channel, label), if any. */
  async getOpen(channel: string, label: string): Promise<Appearance | undefined> {
    validateChannel(channel);
    validateLabel(label);
    const pointer = await this.getPointer(channel, label);
    if (pointer === undefined) return undefined;
    const appearance = await this.get(channel, label, pointer);
    return appearance?.open === true ? appearance : undefined;
  }

  private async getPointer(channel: string, label: string): Promise<string | undefined> {
    const out = await call('getOpenPointer', this.table, partition(channel, label), () =>
      this.ctx.ddb.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: partition(channel, label), sk: OPEN_SK },
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item?.openId as string | undefined;
  }

  /**
   * Opens an appearance starting at `first` unless one is already open for (channel, label);
   * then returns `{ opened: false, existing }`. Replaying the same open returns the same id.
   */
  async open(
    channel: string,
    label: string,
    first: AppearanceSample,
    options: { state?: AppearanceRecordState } = {},
  ): Promise<OpenResult> {
    validateChannel(channel);
    validateLabel(label);
    validateSample(first);
    const id = appearanceId(channel, label, first);
    const now = this.ctx.now();
    const pointed = await this.checkPointer(channel, label, id);
    if (pointed.decided !== undefined) return pointed.decided;
    const item = newAppearanceItem(channel, label, id, first, options.state, now, expiresAt(this.ctx));
    const put = await this.putAppearance(channel, label, id, item);
    if (put.decided !== undefined) return put.decided;
    const lost = await this.takePointer(channel, label, id, { stale: pointed.stale, created: put.created, now });
    if (lost !== undefined) return lost;
    const appearance = await this.get(channel, label, id);
    if (appearance === undefined)
      throw new StoreUnavailableError(`openAppearance ${channel}/${label}: item ${id} vanished`, {
        resource: this.table,
        operation: 'openAppearance',
        key: id,
      });
    return { opened: true, appearance };
  }

  /**
   * Reads the pointer once: if it names an open appearance, that one wins; if it names a closed
   * (or vanished) one, that id — and only that id — may be replaced later. Re-reading the pointer
   * later would let us replace an appearance another opener just took.
   */
  private async checkPointer(channel: string, label: string, id: string): Promise<PointerCheck> {
    const pointer = await this.getPointer(channel, label);
    if (pointer === undefined) return { stale: undefined };
    const current = await this.get(channel, label, pointer);
    if (current?.open === true)
      return {
        decided: current.id === id ? { opened: true, appearance: current } : { opened: false, existing: current },
      };
    return { stale: pointer };
  }

  /** Writes the appearance item unless it exists; an existing one is a replay of the same open. */
  private async putAppearance(
    channel: string,
    label: string,
    id: string,
    item: Record<string, unknown>,
  ): Promise<PutOutcome> {
    try {
      await call('openAppearance', this.table, id, () =>
        this.ctx.ddb.send(
          new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
        ),
      );
      return { created: true };
    } catch (err) {
      if (!isConditionalFailure(err)) throw err;
      const replayed = await this.get(channel, label, id);
      // Replaying an open after the appearance was closed must not reopen it.
      if (replayed !== undefined && !replayed.open) return { decided: { opened: false, existing: replayed } };
      return { created: false };
    }
  }

  /**
   * Points the open pointer at `id`. Losing the race to another opener drops the item we just
   * created and returns the winner; undefined means the pointer is ours.
   */
  private async takePointer(
    channel: string,
    label: string,
    id: string,
    take: { stale: string | undefined; created: boolean; now: number },
  ): Promise<OpenResult | undefined> {
    const pk = partition(channel, label);
    const { stale } = take;
    try {
      await call('takeOpenPointer', this.table, pk, () =>
        this.ctx.ddb.send(
          new PutCommand({
            TableName: this.table,
            Item: { pk, sk: OPEN_SK, openId: id, updatedAt: take.now },
            // Free, already ours, or pointing at an appearance we just saw closed.
            ConditionExpression:
              stale === undefined
                ? 'attribute_not_exists(openId) OR openId = :id'
                : 'attribute_not_exists(openId) OR openId = :id OR openId = :stale',
            ExpressionAttributeValues: stale === undefined ? { ':id': id } : { ':id': id, ':stale': stale },
          }),
        ),
      );
      return undefined;
    } catch (err) {
      if (!isConditionalFailure(err)) throw err;
      const existing = await this.getOpen(channel, label);
      if (take.created)
        await call('dropAppearance', this.table, id, () =>
          this.ctx.ddb.send(new DeleteCommand({ TableName: this.table, Key: { pk, sk: `A#${id}` } })),
        );
      if (existing !== undefined) return { opened: false, existing };
      throw new StoreUnavailableError(`openAppearance ${channel}/${label}: the open pointer kept changing`, {
        resource: this.table,
        operation: 'openAppearance',
        key: id,
      });
    }
  }

  /** Appends samples (deduplicated by frame) and/or replaces the caller state of an open appearance. */
  update(
    channel: string,
    label: string,
    id: string,
    patch: { appendSamples?: readonly AppearanceSample[]; state?: AppearanceRecordState },
  ): Promise<UpdateResult> {
    return this.modify('updateAppearance', channel, label, id, patch, undefined);
  }

  /** Closes an open appearance at `end`; idempotent (a second close reports `already-closed`). */
  async close(
    channel: string,
    label: string,
    id: string,
    end: { time: number; frame: string; appendSamples?: readonly AppearanceSample[]; state?: AppearanceRecordState },
  ): Promise<CloseResult> {
    validateTimeMs('end', Math.floor(end.time));
    const result = await this.modify('closeAppearance', channel, label, id, end, end);
    if (!result.ok) {
      if (result.reason === 'closed') return { closed: false, reason: 'already-closed', appearance: result.appearance };
      if (result.reason === 'not-found') return { closed: false, reason: 'not-found' };
      throw new StoreUnavailableError(`closeAppearance ${id}: kept conflicting with concurrent updates`, {
        resource: this.table,
        operation: 'closeAppearance',
        key: id,
      });
    }
    const pk = partition(channel, label);
    try {
      await call('releaseOpenPointer', this.table, pk, () =>
        this.ctx.ddb.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk, sk: OPEN_SK },
            UpdateExpression: 'REMOVE openId',
            ConditionExpression: 'openId = :id',
            ExpressionAttributeValues: { ':id': id },
          }),
        ),
      );
    } catch (err) {
      if (!isConditionalFailure(err)) throw err; // pointer already moved on: fine
    }
    return { closed: true, appearance: result.appearance };
  }

  /** Links the clip cut for this appearance. */
  async setClip(channel: string, label: string, id: string, clipId: string): Promise<UpdateResult> {
    validateId('clipId', clipId);
    const pk = partition(channel, label);
    validateChannel(channel);
    validateLabel(label);
    validateId('appearanceId', id);
    try {
      const out = await call('setAppearanceClip', this.table, id, () =>
        this.ctx.ddb.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk, sk: `A#${id}` },
            UpdateExpression: 'SET clipId = :c, updatedAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':c': clipId, ':now': this.ctx.now() },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return { ok: true, appearance: toAppearance(out.Attributes ?? {}) };
    } catch (err) {
      if (isConditionalFailure(err)) return { ok: false, reason: 'not-found' };
      throw err;
    }
  }

  // Read-modify-write guarded by `version` (retried on conflict a bounded number of times).
  private async modify(
    operation: string,
    channel: string,
    label: string,
    id: string,
    patch: { appendSamples?: readonly AppearanceSample[]; state?: AppearanceRecordState },
    end: { time: number; frame: string } | undefined,
  ): Promise<UpdateResult> {
    validateChannel(channel);
    validateLabel(label);
    validateId('appearanceId', id);
    for (const s of patch.appendSamples ?? []) validateSample(s);
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
      const current = await this.get(channel, label, id);
      if (current === undefined) return { ok: false, reason: 'not-found' };
      if (!current.open) return { ok: false, reason: 'closed', appearance: current };
      const samples = mergeSamples(current.samples, patch.appendSamples ?? []);
      const values: Record<string, unknown> = {
        ':v': current.version,
        ':nv': current.version + 1,
        ':s': JSON.stringify(samples),
        ':now': this.ctx.now(),
        ':exp': expiresAt(this.ctx),
      };
      const sets = ['samplesJson = :s', 'version = :nv', 'updatedAt = :now', 'expiresAt = :exp'];
      if (patch.state !== undefined) {
        sets.push('stateJson = :st');
        values[':st'] = JSON.stringify(patch.state);
      }
      if (end !== undefined) {
        sets.push('#open = :f', '#end = :e', 'endFrame = :ef');
        Object.assign(values, { ':f': false, ':e': end.time, ':ef': end.frame });
      }
      try {
        const out = await call(operation, this.table, id, () =>
          this.ctx.ddb.send(
            new UpdateCommand({
              TableName: this.table,
              Key: { pk: partition(channel, label), sk: `A#${id}` },
              UpdateExpression: `SET ${sets.join(', ')}`,
              ConditionExpression: 'version = :v',
              ...(end === undefined ? {} : { ExpressionAttributeNames: { '#open': 'open', '#end': 'end' } }),
              ExpressionAttributeValues: values,
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        return { ok: true, appearance: toAppearance(out.Attributes ?? {}) };
      } catch (err) {
        if (!isConditionalFailure(err)) throw err;
        await sleep(Math.random() * 20 * 2 ** attempt);
      }
    }
    return { ok: false, reason: 'conflict' };
  }

  /** Appearances of (channel, label), newest first by default. */
  listForChannel(channel: string, label: string, options: PageOptions = {}): Promise<Page<Appearance>> {
    validateChannel(channel);
    validateLabel(label);
    return this.query(
      'listAppearances',
      undefined,
      'pk = :pk AND begins_with(sk, :a)',
      { ':pk': partition(channel, label), ':a': 'A#' },
      options,
      true,
    );
  }

  /** Appearances of a label across channels, newest first by default (GSI). */
  listByLabel(label: string, options: PageOptions = {}): Promise<Page<Appearance>> {
    validateLabel(label);
    return this.query(
      'listAppearancesByLabel',
      INDEX.appearancesByLabel,
      '#label = :l',
      { ':l': label },
      options,
      false,
    );
  }

  private async query(
    operation: string,
    indexName: string | undefined,
    condition: string,
    values: Record<string, unknown>,
    options: PageOptions,
    consistent: boolean,
  ): Promise<Page<Appearance>> {
    const out = await call(operation, this.table, undefined, () =>
      this.ctx.ddb.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: indexName,
          KeyConditionExpression: condition,
          ...(indexName === undefined ? {} : { ExpressionAttributeNames: { '#label': 'label' } }),
          ExpressionAttributeValues: values,
          ConsistentRead: consistent,
          ScanIndexForward: (options.direction ?? 'backward') === 'forward',
          Limit: pageLimit(options.limit, DEFAULT_PAGE_LIMIT),
          ExclusiveStartKey: decodeCursor(options.cursor),
        }),
      ),
    );
    return { items: (out.Items ?? []).map(toAppearance), next: encodeCursor(out.LastEvaluatedKey) };
  }
}
