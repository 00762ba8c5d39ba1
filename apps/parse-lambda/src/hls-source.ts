/**
 * LiveSource over libs/hls: a PlaylistFollower resumed from the cursor's saved state, reloads
 * paced by the follower's own reload delay (about half a target duration), segments fetched with
 * the lib's timeouts, bounded retries and host policy.
 */
import {
  HostPolicy,
  PlaylistFollower,
  downloadInitSection,
  downloadSegment,
  safeSegmentExtension,
  type FollowerEvent,
  type FollowerState,
  type InitSection,
  type Segment,
} from '@catfinder/hls';
import { sleep } from '@catfinder/store';
import type { LiveEvent, LiveSegment, LiveSource } from './ports';

export interface HlsSourceOptions {
  readonly url: string;
  readonly allowedHosts: readonly string[];
  readonly variantMaxBandwidth?: number;
  /** What `stateAfter` returned in the previous run. */
  readonly state?: FollowerState;
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
  // Init sections change rarely (a new one per discontinuity at most): fetched once per URI and byte range.
  const inits = new Map<string, Promise<Uint8Array>>();
  const fetchInit = (map: InitSection, signal: AbortSignal): Promise<Uint8Array> => {
    const id = map.byteRange ? `${map.uri}#${map.byteRange.offset}+${map.byteRange.length}` : map.uri;
    let init = inits.get(id);
    if (!init) {
      init = downloadInitSection(map, { hostPolicy: policy, signal, timeoutMs: options.timeoutMs ?? 10_000 }).then((r) => r.bytes);
      init.catch(() => inits.delete(id)); // a failed fetch is retried with the next segment
      inits.set(id, init);
      if (inits.size > MAX_CACHED_INITS) inits.delete(inits.keys().next().value as string);
    }
    return init;
  };
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
      const original = delivered.get(segment.mediaSequence);
      const [init, result] = await Promise.all([
        original?.map ? fetchInit(original.map, signal) : undefined,
        downloadSegment({ uri: segment.uri, ...(original?.byteRange ? { byteRange: original.byteRange } : {}) }, { hostPolicy: policy, signal, timeoutMs: options.timeoutMs ?? 10_000 }),
      ]);
      // fMP4 with #EXT-X-MAP: the init section in front makes one self-contained file (see ports.ts).
      return init ? concatBytes(init, result.bytes) : result.bytes;
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

/** Init sections kept in memory at once (each a few hundred bytes to a few KB). */
const MAX_CACHED_INITS = 8;

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
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

export function toLiveEvent(e: FollowerEvent): LiveEvent[] {
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
      // A segment on a host the channel does not allow: a security event, not an ordinary gap.
      return [{ type: 'refused', mediaSequence: e.mediaSequence, uri: e.uri, host: hostOf(e.uri) }];
  }
}

function hostOf(uri: string): string {
  try {
    return new URL(uri).host;
  } catch {
    return '(unparsable URI)';
  }
}

function isFollowerState(value: unknown): value is FollowerState {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
