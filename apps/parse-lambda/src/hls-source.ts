/**
 * LiveSource over libs/hls: a PlaylistFollower resumed from the cursor's saved state, reloads
 * paced by the follower's own reload delay (about half a target duration), segments fetched with
 * the lib's timeouts, bounded retries and host policy.
 */
import { HostPolicy, PlaylistFollower, downloadSegment, safeSegmentExtension, type FollowerEvent, type FollowerState, type Segment } from '@catfinder/hls';
import type { LiveEvent, LiveSegment, LiveSource } from './ports';

export interface HlsSourceOptions {
  readonly url: string;
  readonly allowedHosts: readonly string[];
  readonly variantMaxBandwidth?: number;
  /** What `stateAfter` returned in the previous run. */
  readonly state?: unknown;
  /** Per-attempt timeout of playlist and segment requests. @default 10000 */
  readonly timeoutMs?: number;
}

export function createHlsSource(options: HlsSourceOptions): LiveSource {
  const saved = isFollowerState(options.state) ? options.state : undefined;
  const follower = new PlaylistFollower({
    url: options.url,
    allowedHosts: options.allowedHosts,
    ...(options.variantMaxBandwidth === undefined ? {} : { variant: { maxBandwidth: options.variantMaxBandwidth } }),
    ...(saved ? { state: saved } : {}),
    fetch: { timeoutMs: options.timeoutMs ?? 10_000 },
  });
  const policy = new HostPolicy(options.url, options.allowedHosts);
  const delivered = new Map<number, Segment>();
  let nextReloadAt = 0;

  return {
    async poll(maxWaitMs, signal) {
      const wait = nextReloadAt - Date.now();
      if (wait > 0) {
        await sleep(Math.min(wait, maxWaitMs), signal);
        if (Date.now() < nextReloadAt) return { segments: [], events: [] };
      }
      const update = await follower.poll();
      nextReloadAt = Date.now() + update.nextReloadMs;
      const seenAt = update.playlist.receivedAt;
      for (const s of update.segments) delivered.set(s.mediaSequence, s);
      if (delivered.size > 256) for (const k of [...delivered.keys()].slice(0, delivered.size - 256)) delivered.delete(k);
      return {
        segments: update.segments.map((s) => toLive(s, seenAt)),
        events: update.events.flatMap(toLiveEvent),
      };
    },
    async fetchSegment(segment, signal) {
      if (delivered.get(segment.mediaSequence)?.map) {
        throw new Error(`segment ${segment.mediaSequence} is fMP4 with an init section; only MPEG-TS segments are analysed`);
      }
      const original = delivered.get(segment.mediaSequence);
      const result = await downloadSegment({ uri: segment.uri, ...(original?.byteRange ? { byteRange: original.byteRange } : {}) }, { hostPolicy: policy, signal, timeoutMs: options.timeoutMs ?? 10_000 });
      return result.bytes;
    },
    stateAfter(lastSequence) {
      const state = follower.state();
      if (lastSequence === undefined) return { ...state, lastMediaSequence: undefined, recent: [] };
      // Segments polled but not handled must be delivered again next run.
      const recent = (state.recent ?? []).filter(([seq]) => seq <= lastSequence);
      const lastSegment = delivered.get(lastSequence);
      return {
        ...state,
        lastMediaSequence: lastSequence,
        recent,
        ...(lastSegment
          ? { lastSegmentEnd: lastSegment.startTime + lastSegment.duration * 1000, lastDiscontinuitySequence: lastSegment.discontinuitySequence }
          : {}),
      } satisfies FollowerState;
    },
  };
}

function toLive(s: Segment, seenAt: number): LiveSegment {
  return {
    mediaSequence: s.mediaSequence,
    uri: s.uri,
    duration: s.duration,
    discontinuitySequence: s.discontinuitySequence,
    startTime: Math.floor(s.startTime),
    clock: s.clock,
    firstSeenAt: seenAt,
    extension: safeSegmentExtension(s.uri) === 'bin' ? 'ts' : safeSegmentExtension(s.uri),
  };
}

function toLiveEvent(e: FollowerEvent): LiveEvent[] {
  switch (e.type) {
    case 'gap':
      return [{ type: 'gap', fromSequence: e.from, toSequence: e.to }];
    case 'reset':
      return [{ type: 'reset', detail: `${e.reason} at ${e.mediaSequence}${e.previousMediaSequence === undefined ? '' : ` after ${e.previousMediaSequence}`}` }];
    case 'stalled':
      return [{ type: 'stalled', detail: `no new segment since ${new Date(e.sinceMs).toISOString()}` }];
    case 'ended':
      return [{ type: 'ended' }];
    case 'refused':
      // A segment on a host the channel does not allow is a hole in the stream, recorded as such.
      return [{ type: 'gap', fromSequence: e.mediaSequence, toSequence: e.mediaSequence }];
  }
}

function isFollowerState(value: unknown): value is FollowerState {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, Math.max(0, ms));
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}
