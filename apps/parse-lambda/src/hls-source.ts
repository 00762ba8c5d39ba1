/**
 * LiveSource over libs/hls: a PlaylistFollower resumed from the cursor's saved state (which holds
 * the timeline epoch: the follower is its one source), starting at the live edge or the window's
 * oldest segment as configured, reloads paced by the follower's own reload delay (about half a
 * target duration), segments streamed to a file with the lib's timeouts, bounded retries, size
 * cap and host policy (memory stays at one network chunk whatever the segment's size).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import {
  HostPolicy,
  PlaylistFollower,
  downloadInitSection,
  downloadSegmentToFile,
  safeSegmentExtension,
  type FollowedSegment,
  type FollowerEvent,
  type FollowerState,
  type InitSection,
  type StartPosition,
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
  /** Where to start without saved state. @default libs/hls's ('live') */
  readonly start?: StartPosition;
  /** Media seconds behind live before skipping to the live edge. @default libs/hls's (60) */
  readonly maxLagSeconds?: number;
}

export function createHlsSource(options: HlsSourceOptions): LiveSource {
  const saved = isFollowerState(options.state) ? options.state : undefined;
  const follower = new PlaylistFollower({
    url: options.url,
    allowedHosts: options.allowedHosts,
    ...(options.variantMaxBandwidth === undefined ? {} : { variant: { maxBandwidth: options.variantMaxBandwidth } }),
    ...(saved ? { state: saved } : {}),
    ...(options.start === undefined ? {} : { start: options.start }),
    ...(options.maxLagSeconds === undefined ? {} : { maxLagSeconds: options.maxLagSeconds }),
    fetch: { timeoutMs: options.timeoutMs ?? 10_000 },
  });
  const delivered = new Map<number, FollowedSegment>();
  const download = segmentDownloader(new HostPolicy(options.url, options.allowedHosts), options.timeoutMs ?? 10_000);
  let nextReloadAt = 0;
  /** The first segment delivered in the follower's current epoch (where a run that handled none of it resumes). */
  let epochStart: { readonly epoch: number; readonly sequence: number } | undefined;

  return {
    async poll(maxWaitMs, signal) {
      const wait = nextReloadAt - Date.now();
      if (wait > maxWaitMs) {
        await sleep(maxWaitMs, signal);
        return { segments: [], events: [] };
      }
      // Sleep the whole wait, then reload without reading the clock again: a timer can fire a
      // millisecond before Date.now() says the wait is over, which must not make an empty poll.
      if (wait > 0) await sleep(wait, signal);
      const update = await follower.poll({ signal });
      nextReloadAt = Date.now() + update.nextReloadMs;
      const seenAt = update.playlist.receivedAt;
      for (const s of update.segments) {
        delivered.set(s.mediaSequence, s);
        if (epochStart?.epoch !== s.epoch) epochStart = { epoch: s.epoch, sequence: s.mediaSequence };
      }
      if (delivered.size > 256)
        for (const k of [...delivered.keys()].slice(0, delivered.size - 256)) delivered.delete(k);
      return {
        segments: update.segments.map((s) => toLive(s, seenAt)),
        // Gaps and refusals of this reload belong to the follower's current timeline epoch.
        events: update.events.flatMap((e) => toLiveEvent(e, follower.currentEpoch, options.url)),
      };
    },
    async fetchSegment(segment, path, signal) {
      const original = delivered.get(segment.mediaSequence);
      await download(
        {
          uri: segment.uri,
          ...(original?.byteRange ? { byteRange: original.byteRange } : {}),
          ...(original?.map ? { map: original.map } : {}),
        },
        path,
        signal,
      );
    },
    stateAfter(lastSequence) {
      return resumeState(follower.state(), lastSequence, epochStart, delivered);
    },
  };
}

/** What the next run resumes from: the follower's state after the last segment this run handled. */
function resumeState(
  state: FollowerState,
  lastSequence: number | undefined,
  epochStart: { readonly epoch: number; readonly sequence: number } | undefined,
  delivered: ReadonlyMap<number, FollowedSegment>,
): FollowerState {
  if (lastSequence === undefined) {
    // Nothing of this timeline handled yet (a fresh start, or right after a reset): what was
    // polled must come again, not be skipped as behind live by a fresh start at the live edge.
    const rewind = epochStart !== undefined && epochStart.epoch === state.epoch ? epochStart.sequence - 1 : undefined;
    return {
      ...(state.sourceUrl === undefined ? {} : { sourceUrl: state.sourceUrl }),
      mediaUrl: state.mediaUrl,
      epoch: state.epoch,
      ...(state.ended ? { ended: state.ended } : {}),
      ...(state.endSeenAt === undefined ? {} : { endSeenAt: state.endSeenAt }),
      ...(state.variables ? { variables: state.variables } : {}),
      lastMediaSequence: rewind,
      recent: [],
    };
  }
  // Segments polled but not handled must be delivered again next run.
  const recent = (state.recent ?? []).filter(([seq]) => seq <= lastSequence);
  const lastSegment = delivered.get(lastSequence);
  return {
    ...state,
    lastMediaSequence: lastSequence,
    recent,
    ...(lastSegment
      ? {
          lastSegmentEnd: lastSegment.startTime + lastSegment.duration * 1000,
          lastDiscontinuitySequence: lastSegment.discontinuitySequence,
          lastClock: lastSegment.clock,
          // The epoch of what was handled: a polled, unhandled reset is seen again next run.
          epoch: lastSegment.epoch,
        }
      : {}),
  };
}

/** Init sections kept in memory at once (each a few hundred bytes to a few KB). */
const MAX_CACHED_INITS = 8;

type SegmentDownload = (
  segment: Pick<FollowedSegment, 'uri' | 'byteRange' | 'map'>,
  path: string,
  signal: AbortSignal,
) => Promise<void>;

/**
 * Streams segments to files under the lib's guards. An fMP4 segment with an init section
 * (`#EXT-X-MAP`) becomes one self-contained file, init first (see ports.ts); init sections change
 * rarely (a new one per discontinuity at most), so each is fetched once per URI and byte range.
 */
function segmentDownloader(policy: HostPolicy, timeoutMs: number): SegmentDownload {
  const inits = new Map<string, Promise<Uint8Array>>();
  const fetchInit = (map: InitSection, signal: AbortSignal): Promise<Uint8Array> => {
    const id = map.byteRange ? `${map.uri}#${map.byteRange.offset}+${map.byteRange.length}` : map.uri;
    let init = inits.get(id);
    if (!init) {
      init = downloadInitSection(map, { hostPolicy: policy, signal, timeoutMs }).then((r) => r.bytes);
      init.catch(() => inits.delete(id)); // a failed fetch is retried with the next segment
      inits.set(id, init);
      if (inits.size > MAX_CACHED_INITS) inits.delete(inits.keys().next().value as string);
    }
    return init;
  };
  return async (segment, path, signal) => {
    const target = { uri: segment.uri, ...(segment.byteRange ? { byteRange: segment.byteRange } : {}) };
    const options = { hostPolicy: policy, signal, timeoutMs };
    if (!segment.map) {
      await downloadSegmentToFile(target, path, options);
      return;
    }
    const media = `${path}.media`;
    try {
      const [init] = await Promise.all([fetchInit(segment.map, signal), downloadSegmentToFile(target, media, options)]);
      await writeFile(path, init);
      await pipeline(createReadStream(media), createWriteStream(path, { flags: 'a' }));
    } finally {
      await rm(media, { force: true });
    }
  };
}

function toLive(s: FollowedSegment, seenAt: number): LiveSegment {
  return {
    mediaSequence: s.mediaSequence,
    epoch: s.epoch,
    uri: s.uri,
    duration: s.duration,
    discontinuitySequence: s.discontinuitySequence,
    startTime: Math.floor(s.startTime),
    clock: s.clock,
    firstSeenAt: seenAt,
    extension: safeSegmentExtension(s.uri) === 'bin' ? 'ts' : safeSegmentExtension(s.uri),
  };
}

/** A follower event as the parse run sees it; `epoch`: the timeline epoch it happened in. */
export function toLiveEvent(e: FollowerEvent, epoch: number, url?: string): LiveEvent[] {
  switch (e.type) {
    case 'gap':
      return [{ type: 'gap', reason: e.reason, fromSequence: e.from, toSequence: e.to, detail: gapDetail(e), epoch }];
    case 'reset':
      if (e.reason === 'source-changed') return [sourceChanged(e, url ?? 'the configured URL')];
      if (e.reason === 'media-url-refused') return [mediaUrlRefused(e, url ?? 'the configured URL')];
      return [
        {
          type: 'reset',
          epoch: e.epoch,
          newEpoch: e.newEpoch,
          detail: `${e.reason} at ${e.mediaSequence}${e.previousMediaSequence === undefined ? '' : ` after ${e.previousMediaSequence}`}${e.pdtJumpMs === undefined ? '' : ` (date jump ${e.pdtJumpMs} ms)`}, epoch ${e.epoch}`,
        },
      ];
    case 'stalled':
      return [{ type: 'stalled', detail: `no new segment since ${new Date(e.sinceMs).toISOString()}` }];
    case 'ended':
      return [e.seenBefore ? { type: 'ended', seenBefore: true } : { type: 'ended' }];
    case 'refused':
      // A segment on a host the channel does not allow: a security event, not an ordinary gap.
      return [{ type: 'refused', mediaSequence: e.mediaSequence, uri: e.uri, host: e.host, epoch }];
  }
}

/** The saved position belonged to another source URL: a new timeline from the configured one. */
function sourceChanged(e: Extract<FollowerEvent, { type: 'reset' }>, url: string): LiveEvent {
  const from = e.previousUrl ?? 'an unknown source';
  return {
    type: 'reset',
    epoch: e.epoch,
    newEpoch: true,
    sourceChanged: { from },
    detail: `source changed: the saved position${e.previousMediaSequence === undefined ? '' : ` (sequence ${e.previousMediaSequence})`} belongs to ${from}; following ${url} from sequence ${e.mediaSequence} as timeline epoch ${e.epoch}`,
  };
}

/** Same source, but its saved media playlist is on a host the policy no longer allows: a new timeline, not a new source. */
function mediaUrlRefused(e: Extract<FollowerEvent, { type: 'reset' }>, url: string): LiveEvent {
  return {
    type: 'reset',
    epoch: e.epoch,
    newEpoch: true,
    detail: `the saved media playlist ${e.previousUrl ?? ''} is on a host the channel no longer allows (ALLOWED_HOSTS); ${url} now resolves to another media playlist, followed from sequence ${e.mediaSequence} as timeline epoch ${e.epoch}`,
  };
}

const GAP_DETAIL: Record<Extract<FollowerEvent, { type: 'gap' }>['reason'], string> = {
  'left-window': 'left the live playlist before it was processed',
  'behind-live': 'skipped to the live edge (start at live, or more than the allowed lag behind it)',
  'gap-tag': 'marked EXT-X-GAP by the origin (never fetched)',
};

function gapDetail(e: Extract<FollowerEvent, { type: 'gap' }>): string {
  return e.detail ? `${GAP_DETAIL[e.reason]}: ${e.detail}` : GAP_DETAIL[e.reason];
}

function isFollowerState(value: unknown): value is FollowerState {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
