/**
 * `feeds/health.json` (shape agreed in the brief): per channel, the last segment processed, lag
 * behind live, throughput and recent errors. Each channel's rolling state lives in its own object
 * (`feeds/health/<channel>.json`, written only by the run that holds the channel, so no two
 * writers race on it); health.json is rebuilt from every channel's state on each record. It is
 * always rewritten (never skipped as unchanged): the dashboard judges a stopped pipeline by the
 * age of `generatedAt`, so a fresh time is the heartbeat.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { call, type StoreContext } from './context';
import { validateChannel } from './keys';
import type { ObjectStore } from './objects';

/** Key of the health feed. */
export const HEALTH_FEED_KEY = 'feeds/health.json';
/** Prefix of the per-channel rolling state health.json is built from. */
export const HEALTH_STATE_PREFIX = 'feeds/health/';
/** Window over which the per-minute rates are averaged. */
export const HEALTH_RATE_WINDOW_MS = 5 * 60_000;
/** Window of `errorsLast10Minutes` (also how long events are kept). */
export const HEALTH_ERROR_WINDOW_MS = 10 * 60_000;
/** Longest `lastError` kept (one line for a badge tooltip). */
const MAX_ERROR_CHARS = 300;

/** One channel in feeds/health.json. */
export interface HealthChannel {
  readonly channel: string;
  readonly lastSegmentSequence: number | null;
  /** Wall clock, ISO. */
  readonly lastSegmentProcessedAt: string | null;
  /** Media time of the end of the last segment, ISO. */
  readonly lastSegmentEndTime: string | null;
  /**
   * DESIGN.md's lag at `generatedAt`: that moment minus the media end of the last processed segment.
   * It keeps growing while no segment is processed, so a stuck pipeline never shows its last good lag.
   */
  readonly lagSeconds: number | null;
  readonly segmentsPerMinute: number;
  readonly detectorCallsPerMinute: number;
  readonly reusedPerMinute: number;
  readonly errorsLast10Minutes: number;
  readonly lastError: string | null;
}

/** feeds/health.json */
export interface HealthFeed {
  readonly generatedAt: string;
  readonly channels: readonly HealthChannel[];
}

/** What a processed segment reports. */
export interface SegmentHealth {
  readonly sequence: number;
  /** Epoch ms of the end of the segment (media time). */
  readonly endTime: number;
  readonly detectorCalls: number;
  readonly reused?: number;
}

/** Rolling state of one channel (JSON in `feeds/health/<channel>.json`). */
export interface ChannelHealthState {
  readonly channel: string;
  lastSegmentSequence: number | null;
  lastSegmentProcessedAt: number | null;
  /** The lag is not stored: health.json computes it at its own time from this (`healthEntry`). */
  lastSegmentEndTime: number | null;
  /** [processedAt, detectorCalls, reused] per segment, newest last. */
  segments: [number, number, number][];
  /** Epoch ms of each error, newest last. */
  errors: number[];
  lastError: string | null;
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function emptyHealthState(channel: string): ChannelHealthState {
  return {
    channel,
    lastSegmentSequence: null,
    lastSegmentProcessedAt: null,
    lastSegmentEndTime: null,
    segments: [],
    errors: [],
    lastError: null,
  };
}

/** One channel's feed entry at `now` (pure: rates over the last 5 min, errors over the last 10). */
export function healthEntry(state: ChannelHealthState, now: number): HealthChannel {
  const recent = state.segments.filter(([at]) => at > now - HEALTH_RATE_WINDOW_MS);
  const minutes = HEALTH_RATE_WINDOW_MS / 60_000;
  const sum = (i: 1 | 2): number => recent.reduce((total, row) => total + row[i], 0);
  return {
    channel: state.channel,
    lastSegmentSequence: state.lastSegmentSequence,
    lastSegmentProcessedAt: iso(state.lastSegmentProcessedAt),
    lastSegmentEndTime: iso(state.lastSegmentEndTime),
    lagSeconds: state.lastSegmentEndTime === null ? null : round(Math.max(0, now - state.lastSegmentEndTime) / 1000, 1),
    segmentsPerMinute: round(recent.length / minutes),
    detectorCallsPerMinute: round(sum(1) / minutes),
    reusedPerMinute: round(sum(2) / minutes),
    errorsLast10Minutes: state.errors.filter((at) => at > now - HEALTH_ERROR_WINDOW_MS).length,
    lastError: state.lastError,
  };
}

/** health.json from every channel's state (channels by name). */
export function buildHealthFeed(states: readonly ChannelHealthState[], now: number): HealthFeed {
  const channels = [...states].sort((a, b) => a.channel.localeCompare(b.channel)).map((s) => healthEntry(s, now));
  return { generatedAt: new Date(now).toISOString(), channels };
}

function prune(state: ChannelHealthState, now: number): void {
  state.segments = state.segments.filter(([at]) => at > now - HEALTH_ERROR_WINDOW_MS);
  state.errors = state.errors.filter((at) => at > now - HEALTH_ERROR_WINDOW_MS);
}

/** Records segments and errors of the channels this process runs, and republishes health.json. */
export class HealthRecorder {
  private readonly states = new Map<string, ChannelHealthState>();

  constructor(
    private readonly ctx: StoreContext,
    private readonly objects: ObjectStore,
  ) {}

  /** A segment was processed (its claim completed). */
  async segmentProcessed(channel: string, segment: SegmentHealth): Promise<HealthFeed> {
    const state = await this.load(channel);
    const now = this.ctx.now();
    state.lastSegmentSequence = segment.sequence;
    state.lastSegmentProcessedAt = now;
    state.lastSegmentEndTime = segment.endTime;
    state.segments.push([now, segment.detectorCalls, segment.reused ?? 0]);
    return this.save(state, now);
  }

  /** Something failed in the channel's pipeline (a segment, a detector call, a store write). */
  async error(channel: string, message: string): Promise<HealthFeed> {
    const state = await this.load(channel);
    const now = this.ctx.now();
    state.errors.push(now);
    state.lastError = message.replace(/\s+/g, ' ').slice(0, MAX_ERROR_CHARS);
    return this.save(state, now);
  }

  /** Rewrites health.json (e.g. at the end of a run with no segment). */
  async publish(): Promise<HealthFeed> {
    const now = this.ctx.now();
    const feed = buildHealthFeed(await this.readAll(), now);
    await this.objects.put(HEALTH_FEED_KEY, JSON.stringify(feed), {
      contentType: 'application/json',
      cacheControl: 'no-cache',
    });
    return feed;
  }

  private async load(channel: string): Promise<ChannelHealthState> {
    validateChannel(channel);
    let state = this.states.get(channel);
    if (!state) {
      const bytes = await this.objects.getBytes(`${HEALTH_STATE_PREFIX}${channel}.json`);
      state = bytes ? parseState(channel, bytes) : emptyHealthState(channel);
      this.states.set(channel, state);
    }
    return state;
  }

  private async save(state: ChannelHealthState, now: number): Promise<HealthFeed> {
    prune(state, now);
    await this.objects.put(`${HEALTH_STATE_PREFIX}${state.channel}.json`, JSON.stringify(state), {
      contentType: 'application/json',
      cacheControl: 'no-store',
    });
    return this.publish();
  }

  /** Every channel's state: this process's own copies win over what is stored. */
  private async readAll(): Promise<ChannelHealthState[]> {
    const out = await call('listHealthStates', this.ctx.bucket, HEALTH_STATE_PREFIX, () =>
      this.ctx.s3.send(
        new ListObjectsV2Command({ Bucket: this.ctx.bucket, Prefix: HEALTH_STATE_PREFIX, MaxKeys: 1000 }),
      ),
    );
    const channels = (out.Contents ?? [])
      .map((o) => o.Key?.slice(HEALTH_STATE_PREFIX.length).replace(/\.json$/, ''))
      .filter((c): c is string => c !== undefined && c !== '' && !this.states.has(c));
    const stored = await Promise.all(
      channels.map(async (channel) => {
        const bytes = await this.objects.getBytes(`${HEALTH_STATE_PREFIX}${channel}.json`);
        return bytes ? parseState(channel, bytes) : undefined;
      }),
    );
    return [...this.states.values(), ...stored.filter((s): s is ChannelHealthState => s !== undefined)];
  }
}

/**
 * A stored state; an unreadable one starts afresh (it only feeds a dashboard, never decisions).
 * Only the fields of ChannelHealthState are kept, so one a former version stored (`lagSeconds`)
 * is not written back.
 */
function parseState(channel: string, bytes: Uint8Array): ChannelHealthState {
  try {
    const value = JSON.parse(Buffer.from(bytes).toString('utf8')) as Partial<ChannelHealthState>;
    return {
      channel,
      lastSegmentSequence: value.lastSegmentSequence ?? null,
      lastSegmentProcessedAt: value.lastSegmentProcessedAt ?? null,
      lastSegmentEndTime: value.lastSegmentEndTime ?? null,
      segments: Array.isArray(value.segments) ? value.segments : [],
      errors: Array.isArray(value.errors) ? value.errors : [],
      lastError: value.lastError ?? null,
    };
  } catch {
    return emptyHealthState(channel);
  }
}
