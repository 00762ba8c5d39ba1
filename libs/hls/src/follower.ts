import { PERSISTED_RECENT_SEGMENTS, REMEMBERED_SEGMENTS, STALL_TARGET_DURATIONS } from './constants';
import { fetchText, type FetchOptions, type FetchResult } from './fetch';
import { isMasterPlaylist, parseMasterPlaylist } from './parse/master';
import { parseMediaPlaylist } from './parse/media';
import { computeReloadDelay } from './reload';
import type { MediaPlaylist, Segment, Variant } from './types';
import { HostPolicy } from './url';
import { selectVariant, type VariantRule } from './variant';

type FetchedText = FetchResult & { text: string };

/** Something the caller should know about; reported, never thrown. */
export type FollowerEvent =
  /** Sequences `from..to` left the window before they were seen (the follower was too slow or paused). */
  | { readonly type: 'gap'; readonly from: number; readonly to: number; readonly missed: number }
  /**
   * The timeline restarted: `sequence-backwards` (the encoder restarted: lower sequence numbers, or
   * the same numbers with other URIs/times) or `discontinuity` (an EXT-X-DISCONTINUITY before `mediaSequence`).
   */
  | { readonly type: 'reset'; readonly reason: 'sequence-backwards' | 'discontinuity'; readonly mediaSequence: number; readonly previousMediaSequence?: number }
  /** No new segment for 3 target durations (reported once per stall). */
  | { readonly type: 'stalled'; readonly sinceMs: number; readonly lastMediaSequence?: number }
  /** `#EXT-X-ENDLIST`: the channel ended; the timer stops. */
  | { readonly type: 'ended'; readonly lastMediaSequence?: number }
  /** A segment whose URI (or init section) is on a host the channel does not allow; skipped. */
  | { readonly type: 'refused'; readonly mediaSequence: number; readonly uri: string };

/** Result of one reload. */
export interface FollowerUpdate {
  readonly playlist: MediaPlaylist;
  /** New segments, in media-sequence order, each delivered exactly once. */
  readonly segments: readonly Segment[];
  readonly events: readonly FollowerEvent[];
  /** Delay the timer will wait before the next reload, ms. */
  readonly nextReloadMs: number;
}

/** What a follower must remember between runs (e.g. between Lambda invocations); JSON-safe. */
export interface FollowerState {
  readonly mediaUrl?: string;
  readonly lastMediaSequence?: number;
  readonly lastDiscontinuitySequence?: number;
  /** End (epoch ms) of the last delivered segment, for the estimated clock. */
  readonly lastSegmentEnd?: number;
  /** Recently delivered segments: [mediaSequence, uri, startTime] — tells a stale reload from a restart. */
  readonly recent?: readonly (readonly [number, string, number])[];
}

/** Options of {@link PlaylistFollower}. */
export interface FollowerOptions {
  /** Master or media playlist URL of the channel. */
  readonly url: string;
  /** Extra hosts segments/variants may come from (`host`, `host:port`, `*.domain`); the channel's own host is always allowed. */
  readonly allowedHosts?: readonly string[];
  /** Variant rule for a master playlist. */
  readonly variant?: VariantRule;
  /** Where a previous run stopped. Unset: the whole current window is new. */
  readonly state?: FollowerState;
  /** HTTP options (timeouts, retries, size cap). The host policy is the follower's. */
  readonly fetch?: Omit<FetchOptions, 'hostPolicy' | 'signal'>;
  /**
   * Clock (epoch ms); tests may replace it.
   * @default Date.now
   */
  readonly now?: () => number;
}

/**
 * Follows a live playlist. `poll()` does one reload and returns the new segments in order plus
 * events; `start()` runs `poll()` on the only timer of this lib (about half a target duration
 * apart, see computeReloadDelay) until `stop()` or `#EXT-X-ENDLIST`.
 */
export class PlaylistFollower {
  private readonly policy: HostPolicy;
  private readonly now: () => number;
  private mediaUrl: string | undefined;
  private variantChosen: Variant | undefined;
  private last: number | undefined;
  private lastDiscontinuity: number | undefined;
  private lastEnd: number | undefined;
  private readonly recent = new Map<number, { uri: string; startTime: number }>();
  private lastNewAt: number;
  private stallReported = false;
  private endReported = false;
  private failures = 0;
  /** Target duration of the last playlist read (paces retries after errors). */
  private lastTargetDuration = 2;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private inFlight: Promise<unknown> | undefined;
  private abort = new AbortController();

  constructor(private readonly options: FollowerOptions) {
    this.policy = new HostPolicy(options.url, options.allowedHosts);
    this.policy.assert(options.url);
    this.now = options.now ?? Date.now;
    this.lastNewAt = this.now();
    const state = options.state ?? {};
    this.mediaUrl = state.mediaUrl;
    if (this.mediaUrl) this.policy.assert(this.mediaUrl, 'saved media playlist URL');
    this.last = state.lastMediaSequence;
    this.lastDiscontinuity = state.lastDiscontinuitySequence;
    this.lastEnd = state.lastSegmentEnd;
    for (const [seq, uri, startTime] of state.recent ?? []) this.recent.set(seq, { uri, startTime });
  }

  /** The variant chosen from the master playlist (undefined for a plain media playlist URL or before the first poll). */
  get variant(): Variant | undefined {
    return this.variantChosen;
  }

  /** Last delivered media sequence. */
  get lastMediaSequence(): number | undefined {
    return this.last;
  }

  /** Serialisable state to resume from (see {@link FollowerOptions.state}). */
  state(): FollowerState {
    return {
      mediaUrl: this.mediaUrl,
      lastMediaSequence: this.last,
      lastDiscontinuitySequence: this.lastDiscontinuity,
      lastSegmentEnd: this.lastEnd,
      recent: [...this.recent].slice(-PERSISTED_RECENT_SEGMENTS).map(([seq, r]) => [seq, r.uri, r.startTime] as const),
    };
  }

  /** Reload once. Throws HlsError for fetch or parse failures (the state is unchanged then). */
  async poll(): Promise<FollowerUpdate> {
    const started = this.now();
    const fetchOptions: FetchOptions = { ...this.options.fetch, hostPolicy: this.policy, signal: this.abort.signal };
    // The first load of a plain media playlist URL is used as is (not fetched twice).
    const response = (await this.resolveMediaUrl(fetchOptions)) ?? (await fetchText(this.mediaUrl!, fetchOptions));
    // Relative URIs resolve against the URL the playlist was finally served from (after redirects).
    const playlist = parseMediaPlaylist(response.text, response.url, { receivedAt: this.now() });
    const events: FollowerEvent[] = [];
    const fresh = this.selectNew(playlist, events);
    const delivered: Segment[] = [];
    for (const raw of fresh) {
      const segment = this.continueClock(raw);
      if (this.lastDiscontinuity !== undefined && (segment.discontinuity || segment.discontinuitySequence !== this.lastDiscontinuity)) {
        events.push({ type: 'reset', reason: 'discontinuity', mediaSequence: segment.mediaSequence, previousMediaSequence: this.last });
      }
      this.remember(segment);
      const refusedUri = [segment.map?.uri, segment.uri].find((uri) => uri !== undefined && !this.policy.allows(uri));
      if (refusedUri !== undefined) {
        events.push({ type: 'refused', mediaSequence: segment.mediaSequence, uri: refusedUri });
        continue;
      }
      delivered.push(segment);
    }
    const now = this.now();
    if (fresh.length > 0) {
      this.lastNewAt = now;
      this.stallReported = false;
    } else if (!playlist.endList && !this.stallReported && now - this.lastNewAt >= STALL_TARGET_DURATIONS * playlist.targetDuration * 1000) {
      this.stallReported = true;
      events.push({ type: 'stalled', sinceMs: this.lastNewAt, lastMediaSequence: this.last });
    }
    if (playlist.endList && !this.endReported) {
      this.endReported = true;
      events.push({ type: 'ended', lastMediaSequence: this.last });
    }
    this.failures = 0;
    const nextReloadMs = computeReloadDelay({ targetDuration: playlist.targetDuration, loadMs: now - started, failures: 0 });
    return { playlist, segments: delivered, events, nextReloadMs };
  }

  /**
   * Poll on a timer until `stop()` or the end of the channel. `onUpdate` is awaited before the
   * next reload is scheduled, so updates never overlap. Errors go to `onError` and the follower
   * keeps trying with backoff (bounded per request by the fetch retries).
   */
  start(onUpdate: (update: FollowerUpdate) => void | Promise<void>, onError: (error: unknown) => void = () => undefined): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    const tick = async (): Promise<void> => {
      this.timer = undefined;
      let delay: number;
      try {
        const update = await this.poll();
        if (!this.running) return;
        await onUpdate(update);
        if (this.endReported) {
          this.running = false;
          return;
        }
        delay = update.nextReloadMs;
      } catch (error) {
        if (!this.running) return;
        this.failures++;
        onError(error);
        delay = computeReloadDelay({ targetDuration: this.lastTargetDuration, loadMs: 0, failures: this.failures });
      }
      if (this.running) this.timer = setTimeout(run, delay);
    };
    const run = (): void => {
      this.inFlight = tick();
    };
    run();
  }

  /** Stop the timer and abort a reload in flight; resolves when nothing is running. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.abort.abort(new Error('follower stopped'));
    await this.inFlight?.catch(() => undefined);
  }

  /** Find the media playlist URL on first use; returns the response when the channel URL already was the media playlist. */
  private async resolveMediaUrl(fetchOptions: FetchOptions): Promise<FetchedText | undefined> {
    if (this.mediaUrl) return undefined;
    const response = await fetchText(this.options.url, fetchOptions);
    if (!isMasterPlaylist(response.text)) {
      this.mediaUrl = response.url;
      return response;
    }
    const master = parseMasterPlaylist(response.text, response.url);
    const variant = selectVariant(master, this.options.variant);
    this.policy.assert(variant.uri, `variant of ${response.url}`);
    this.variantChosen = variant;
    this.mediaUrl = variant.uri;
    return undefined;
  }

  /** The segments of `playlist` not delivered yet, in order; records gap/reset events. */
  private selectNew(playlist: MediaPlaylist, events: FollowerEvent[]): readonly Segment[] {
    this.lastTargetDuration = playlist.targetDuration;
    const segments = playlist.segments;
    if (this.last === undefined || segments.length === 0) return segments;
    const lastListed = segments[segments.length - 1]!.mediaSequence;
    const conflicting = segments.some((s) => {
      const seen = this.recent.get(s.mediaSequence);
      return seen !== undefined && (seen.uri !== s.uri || (s.clock === 'program-date-time' && Math.abs(seen.startTime - s.startTime) > 1));
    });
    if (conflicting || (lastListed < this.last && !segments.every((s) => this.recent.has(s.mediaSequence)))) {
      // Not an older cached copy of what we saw: the encoder started over.
      events.push({ type: 'reset', reason: 'sequence-backwards', mediaSequence: segments[0]!.mediaSequence, previousMediaSequence: this.last });
      this.recent.clear();
      this.lastDiscontinuity = undefined;
      this.lastEnd = undefined;
      return segments;
    }
    const fresh = segments.filter((s) => s.mediaSequence > this.last!);
    if (fresh.length > 0 && fresh[0]!.mediaSequence > this.last + 1) {
      const from = this.last + 1;
      const to = fresh[0]!.mediaSequence - 1;
      events.push({ type: 'gap', from, to, missed: to - from + 1 });
    }
    return fresh;
  }

  /** Estimated clocks continue from the previous delivered segment so they do not jump per reload. */
  private continueClock(segment: Segment): Segment {
    if (
      segment.clock !== 'estimated' ||
      this.lastEnd === undefined ||
      this.last !== segment.mediaSequence - 1 ||
      this.lastDiscontinuity !== segment.discontinuitySequence
    ) {
      return segment;
    }
    return { ...segment, startTime: this.lastEnd };
  }

  private remember(segment: Segment): void {
    this.last = segment.mediaSequence;
    this.lastDiscontinuity = segment.discontinuitySequence;
    this.lastEnd = segment.startTime + segment.duration * 1000;
    this.recent.set(segment.mediaSequence, { uri: segment.uri, startTime: segment.startTime });
    if (this.recent.size > REMEMBERED_SEGMENTS) this.recent.delete(this.recent.keys().next().value!);
  }
}
