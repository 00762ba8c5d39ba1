import {
  DEFAULT_MAX_LAG_SECONDS,
  DEFAULT_START_POSITION,
  PDT_JUMP_TOLERANCE_MS,
  PERSISTED_RECENT_SEGMENTS,
  REMEMBERED_SEGMENTS,
  STALL_TARGET_DURATIONS,
} from './constants';
import { PlaylistParseError } from './errors';
import { fetchText, type FetchOptions, type FetchResult } from './fetch';
import { holdBackSeconds, liveEdgeIndex } from './live-edge';
import { isMasterPlaylist, parseMasterPlaylist } from './parse/master';
import { parseMediaPlaylist } from './parse/media';
import { computeReloadDelay } from './reload';
import type { MediaPlaylist, Segment, SegmentClock, StartPosition, Variant } from './types';
import { HostPolicy } from './url';
import { selectVariant, type VariantRule } from './variant';

type FetchedText = FetchResult & { text: string };

/** Why a range of segments will not be delivered (DESIGN.md gap reasons the follower can know). */
export type FollowerGapReason = 'left-window' | 'behind-live' | 'gap-tag';

/** Why the timeline restarted. */
export type ResetReason =
  'sequence-backwards' | 'sequence-reused' | 'discontinuity' | 'source-changed' | 'media-url-refused';

/** Something the caller should know about; reported, never thrown. */
export type FollowerEvent =
  /**
   * Sequences `from..to` will not be delivered: `left-window` — gone from the playlist before they
   * were seen; `behind-live` — skipped to start at / return to the live edge; `gap-tag` — marked
   * `EXT-X-GAP` (never fetched). `problem: 'unmerged-skip'` (with `detail`) marks a range a playlist
   * delta update (`EXT-X-SKIP`) skipped before it was ever delivered: it cannot be merged.
   */
  | {
      readonly type: 'gap';
      readonly reason: FollowerGapReason;
      readonly from: number;
      readonly to: number;
      readonly missed: number;
      readonly problem?: 'unmerged-skip';
      readonly detail?: string;
    }
  /**
   * The timeline changed before `mediaSequence`: `sequence-backwards` (lower sequence numbers than
   * delivered: the encoder restarted), `sequence-reused` (a delivered sequence number came back
   * with another URI — query strings aside — or program date time), `discontinuity` (an EXT-X-DISCONTINUITY). `newEpoch`
   * says whether a new timeline epoch starts (always for the first two; for a discontinuity when
   * its program date time jumps by `pdtJumpMs`); `epoch` is the epoch of the segments from here on.
   * `source-changed`: the saved state belongs to another source (`previousUrl`: the channel URL it
   * was saved for; for an older state that did not record one, its media playlist URL, which the
   * configured URL no longer resolves to) — the follower re-resolved the configured URL and started
   * a new epoch where a fresh start would. `media-url-refused`: the state was saved for this source
   * but its media playlist URL (`previousUrl`) is on a host the host policy no longer allows; the
   * configured URL was resolved again to another media playlist, followed as a new epoch the same way.
   * For these two, `mediaSequence` is the first segment taken from the new media playlist (after
   * the `behind-live` gap of a live start); for the others, the first segment of the new timeline.
   */
  | {
      readonly type: 'reset';
      readonly reason: ResetReason;
      readonly mediaSequence: number;
      readonly previousMediaSequence?: number;
      readonly epoch: number;
      readonly newEpoch: boolean;
      readonly pdtJumpMs?: number;
      readonly previousUrl?: string;
    }
  /** No new segment for 3 target durations (reported once per stall). */
  | { readonly type: 'stalled'; readonly sinceMs: number; readonly lastMediaSequence?: number }
  /**
   * `#EXT-X-ENDLIST`, confirmed: the playlist is `#EXT-X-PLAYLIST-TYPE:VOD`, or an earlier run
   * reported this end (`seenBefore`: callers can warn once, not every run), or the ENDLIST is still
   * there on a reload at least one target duration after it was first seen — a packager or CDN
   * briefly serving a stale ended copy of a live playlist is not the end. Reported once per end: a
   * reload without ENDLIST (live again) forgets it, and a later end is reported anew.
   */
  | { readonly type: 'ended'; readonly lastMediaSequence?: number; readonly seenBefore?: true }
  /** A segment whose URI (or init section) is on a host the channel does not allow: skipped, a security event. */
  | {
      readonly type: 'refused';
      readonly reason: 'refused';
      readonly mediaSequence: number;
      readonly uri: string;
      readonly host: string;
    };

/** A delivered segment: the parsed one plus the timeline epoch it belongs to. */
export interface FollowedSegment extends Segment {
  /** Timeline epoch: a segment's identity is (channel, epoch, mediaSequence). See DESIGN.md. */
  readonly epoch: number;
}

/** Result of one reload. */
export interface FollowerUpdate {
  readonly playlist: MediaPlaylist;
  /** New segments, in media-sequence order, each delivered exactly once. */
  readonly segments: readonly FollowedSegment[];
  readonly events: readonly FollowerEvent[];
  /** When to reload next, ms (see computeReloadDelay). The caller paces reloads. */
  readonly nextReloadMs: number;
}

/** What a follower must remember between runs (e.g. between Lambda invocations); JSON-safe. */
export interface FollowerState {
  /**
   * The channel URL (`FollowerOptions.url`) this state was saved for: the saved position belongs to
   * it. Resumed with another URL, the state is not used (see the `source-changed` reset).
   */
  readonly sourceUrl?: string;
  /** Media playlist URL resolved from `sourceUrl`. */
  readonly mediaUrl?: string;
  readonly lastMediaSequence?: number;
  readonly lastDiscontinuitySequence?: number;
  /** End (epoch ms) of the last delivered segment, for the estimated clock. */
  readonly lastSegmentEnd?: number;
  /** Clock of the last delivered segment (a PDT jump is only judged between exact clocks). */
  readonly lastClock?: SegmentClock;
  /** Timeline epoch of the last delivered segment. @default 0 */
  readonly epoch?: number;
  /** `EXT-X-DEFINE` variables of the master playlist (for IMPORT when resuming without it). */
  readonly variables?: Readonly<Record<string, string>>;
  /** The playlist's end was reported (see the `ended` event); cleared when a reload has no ENDLIST. */
  readonly ended?: true;
  /** When the playlist's current, not yet confirmed `#EXT-X-ENDLIST` was first seen (epoch ms). */
  readonly endSeenAt?: number;
  /** Recently delivered segments: [mediaSequence, uri, startTime, clock?] — tells a stale reload from a restart. */
  readonly recent?: readonly (readonly [number, string, number, SegmentClock?])[];
}

/** Options of {@link PlaylistFollower}. */
export interface FollowerOptions {
  /** Master or media playlist URL of the channel. */
  readonly url: string;
  /** Extra hosts segments/variants may come from (`host`, `host:port`, `*.domain`); the channel's own host is always allowed. */
  readonly allowedHosts?: readonly string[];
  /** Variant rule for a master playlist. */
  readonly variant?: VariantRule;
  /** Where a previous run stopped. Unset: start as `start` says. */
  readonly state?: FollowerState;
  /**
   * Where to start without saved state: `live` (the live edge, hold-back = `HOLD-BACK` or 3 target
   * durations; the older segments are reported as a `behind-live` gap) or `window` (the oldest listed).
   * A playlist with `#EXT-X-ENDLIST` always starts at its first segment.
   * @default 'live'
   */
  readonly start?: StartPosition;
  /**
   * Most media seconds the next segment may be behind the live edge; beyond it the follower skips
   * to the live edge and reports the skipped range as a `behind-live` gap. Not applied to the
   * first window of `start: 'window'` nor to ended playlists.
   * @default 60
   */
  readonly maxLagSeconds?: number;
  /** HTTP options (timeouts, retries, size cap). The host policy is the follower's. */
  readonly fetch?: Omit<FetchOptions, 'hostPolicy' | 'signal'>;
  /**
   * Clock (epoch ms); tests may replace it.
   * @default Date.now
   */
  readonly now?: () => number;
}

/** A saved media playlist URL to check against the configured URL's (see PlaylistFollower.adoptMediaUrl). */
interface UnverifiedMediaUrl {
  readonly mediaUrl: string;
  /** The saved state's sourceUrl, kept until the check. */
  readonly sourceUrl?: string;
  /** The reset reported when the configured URL resolves to another media playlist. */
  readonly reason: 'source-changed' | 'media-url-refused';
}

interface Remembered {
  readonly uri: string;
  readonly startTime: number;
  readonly clock?: SegmentClock;
}

/**
 * Follows a live playlist: `poll()` does one reload and returns the new segments in order, each
 * tagged with its timeline epoch, plus events. It owns no timer: the caller paces reloads with
 * `nextReloadMs` (the parse Lambda does), so there is one pacing loop, not two.
 */
export class PlaylistFollower {
  private readonly policy: HostPolicy;
  private readonly now: () => number;
  private mediaUrl: string | undefined;
  private variables: Readonly<Record<string, string>>;
  private variantChosen: Variant | undefined;
  private last: number | undefined;
  private lastDiscontinuity: number | undefined;
  private lastEnd: number | undefined;
  private lastClock: SegmentClock | undefined;
  private epoch: number;
  private readonly recent = new Map<number, Remembered>();
  private lastNewAt: number;
  private stallReported = false;
  /** This follower reported the current end. */
  private endReported = false;
  /** The saved state says an earlier run reported the current end (persisted: see FollowerState.ended). */
  private endSeenBefore: boolean;
  /** When the current ENDLIST was first seen, while the playlist has one (persisted: FollowerState.endSeenAt). */
  private endSeenAt: number | undefined;
  private readonly sourceUrl: string;
  /** Set when the saved state belongs to another source; reported as a reset by the first poll. */
  private sourceChange:
    | {
        readonly reason: 'source-changed' | 'media-url-refused';
        readonly previousUrl: string;
        readonly previousMediaSequence?: number;
      }
    | undefined;
  /**
   * A saved media playlist URL not known to be resolved from the configured URL: an older state
   * without `sourceUrl`, or one whose media URL the host policy now refuses. The first poll resolves
   * the configured URL again and resumes only if it gives the same media playlist (adoptMediaUrl).
   */
  private unverified: UnverifiedMediaUrl | undefined;

  constructor(private readonly options: FollowerOptions) {
    this.policy = new HostPolicy(options.url, options.allowedHosts);
    this.policy.assert(options.url);
    const maxLag = options.maxLagSeconds ?? DEFAULT_MAX_LAG_SECONDS;
    if (!(maxLag > 0)) throw new RangeError(`maxLagSeconds must be a positive number of seconds, got ${maxLag}`);
    this.now = options.now ?? Date.now;
    this.lastNewAt = this.now();
    this.sourceUrl = new URL(options.url).href;
    const saved = options.state ?? {};
    const otherSource = saved.sourceUrl !== undefined && !sameUrl(saved.sourceUrl, this.sourceUrl);
    // A position saved for another source means nothing here: resolve the configured URL again and
    // start where a fresh start would, in a new epoch (its sequence numbers may repeat old ones).
    const state: FollowerState = otherSource ? { epoch: (saved.epoch ?? 0) + 1 } : saved;
    if (otherSource)
      this.sourceChange = {
        reason: 'source-changed',
        previousUrl: saved.sourceUrl!,
        previousMediaSequence: saved.lastMediaSequence,
      };
    else this.unverified = this.unverifiedMediaUrl(saved);
    this.mediaUrl = this.unverified ? undefined : state.mediaUrl;
    this.variables = state.variables ?? {};
    this.last = state.lastMediaSequence;
    this.lastDiscontinuity = state.lastDiscontinuitySequence;
    this.lastEnd = state.lastSegmentEnd;
    this.lastClock = state.lastClock;
    this.epoch = state.epoch ?? 0;
    this.endSeenBefore = state.ended === true;
    this.endSeenAt = state.endSeenAt;
    for (const [seq, uri, startTime, clock] of state.recent ?? [])
      this.recent.set(seq, clock ? { uri, startTime, clock } : { uri, startTime });
  }

  /**
   * The saved media playlist URL when the configured URL must be resolved again before it is
   * trusted: a state without `sourceUrl` (an older version: the same host may serve another
   * channel at another path) or a media URL on a host the policy no longer allows.
   */
  private unverifiedMediaUrl(saved: FollowerState): UnverifiedMediaUrl | undefined {
    if (saved.mediaUrl === undefined) return undefined;
    if (saved.sourceUrl === undefined) return { mediaUrl: saved.mediaUrl, reason: 'source-changed' };
    if (this.policy.allows(saved.mediaUrl)) return undefined;
    return { mediaUrl: saved.mediaUrl, sourceUrl: saved.sourceUrl, reason: 'media-url-refused' };
  }

  /**
   * The media playlist URL the configured URL resolves to. After an unverified saved one: the same
   * playlist (query strings aside) resumes the saved position; another starts over in a new epoch.
   */
  private adoptMediaUrl(url: string): void {
    this.mediaUrl = url;
    const unverified = this.unverified;
    if (!unverified) return;
    this.unverified = undefined;
    if (withoutQuery(unverified.mediaUrl) === withoutQuery(url)) return;
    this.sourceChange = {
      reason: unverified.reason,
      previousUrl: unverified.mediaUrl,
      previousMediaSequence: this.last,
    };
    this.epoch++;
    this.last = undefined;
    this.lastDiscontinuity = undefined;
    this.lastEnd = undefined;
    this.lastClock = undefined;
    this.recent.clear();
    this.endSeenBefore = false;
    this.endSeenAt = undefined;
  }

  /** The variant chosen from the master playlist (undefined for a plain media playlist URL or before the first poll). */
  get variant(): Variant | undefined {
    return this.variantChosen;
  }

  /** Last delivered media sequence. */
  get lastMediaSequence(): number | undefined {
    return this.last;
  }

  /** Timeline epoch of the last delivered segment. */
  get currentEpoch(): number {
    return this.epoch;
  }

  /** Serialisable state to resume from (see {@link FollowerOptions.state}). */
  state(): FollowerState {
    // Until the first poll has checked an unverified media URL, the state stays as it was saved:
    // a sourceUrl is only written next to a media URL resolved from it.
    const unverified = this.unverified;
    return {
      ...(unverified
        ? {
            ...(unverified.sourceUrl === undefined ? {} : { sourceUrl: unverified.sourceUrl }),
            mediaUrl: unverified.mediaUrl,
          }
        : { sourceUrl: this.sourceUrl, mediaUrl: this.mediaUrl }),
      lastMediaSequence: this.last,
      lastDiscontinuitySequence: this.lastDiscontinuity,
      lastSegmentEnd: this.lastEnd,
      ...(this.lastClock ? { lastClock: this.lastClock } : {}),
      epoch: this.epoch,
      ...(this.endSeenBefore || this.endReported ? { ended: true as const } : {}),
      ...(this.endSeenAt === undefined ? {} : { endSeenAt: this.endSeenAt }),
      ...(Object.keys(this.variables).length > 0 ? { variables: this.variables } : {}),
      recent: [...this.recent]
        .slice(-PERSISTED_RECENT_SEGMENTS)
        .map(([seq, r]): readonly [number, string, number, SegmentClock?] =>
          r.clock ? [seq, r.uri, r.startTime, r.clock] : [seq, r.uri, r.startTime],
        ),
    };
  }

  /**
   * Reload once. Throws HlsError for fetch or parse failures (the state is unchanged then), and
   * PlaylistParseError `i-frames-only` for an I-frame playlist (trick play is not content).
   */
  async poll(options: { readonly signal?: AbortSignal } = {}): Promise<FollowerUpdate> {
    const started = this.now();
    const fetchOptions: FetchOptions = {
      ...this.options.fetch,
      hostPolicy: this.policy,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    // The first load of a plain media playlist URL is used as is (not fetched twice).
    const response = (await this.resolveMediaUrl(fetchOptions)) ?? (await fetchText(this.mediaUrl!, fetchOptions));
    // Relative URIs resolve against the URL the playlist was finally served from (after redirects).
    const playlist = parseMediaPlaylist(response.text, response.url, {
      receivedAt: this.now(),
      importVariables: this.variables,
    });
    if (playlist.iFramesOnly) {
      throw new PlaylistParseError(
        'i-frames-only',
        'EXT-X-I-FRAMES-ONLY: an I-frame (trick play) playlist has no content to analyse; use a media playlist',
        response.url,
      );
    }
    const events: FollowerEvent[] = [];
    const fresh =
      this.last === undefined
        ? this.firstWindow(playlist, events)
        : this.skipBehindLive(playlist, this.selectNew(playlist, events), events);
    this.reportSourceChange(playlist, fresh, events);
    const delivered = this.deliver(fresh, events);
    this.reportStallAndEnd(playlist, fresh.length > 0, events);
    const nextReloadMs = computeReloadDelay({
      targetDuration: playlist.targetDuration,
      loadMs: this.now() - started,
      failures: 0,
    });
    return { playlist, segments: delivered, events, nextReloadMs };
  }

  /** Find the media playlist URL on first use; returns the response when the channel URL already was the media playlist. */
  private async resolveMediaUrl(fetchOptions: FetchOptions): Promise<FetchedText | undefined> {
    if (this.mediaUrl) return undefined;
    const response = await fetchText(this.options.url, fetchOptions);
    if (!isMasterPlaylist(response.text)) {
      this.adoptMediaUrl(response.url);
      return response;
    }
    const master = parseMasterPlaylist(response.text, response.url);
    const variant = selectVariant(master, this.options.variant);
    this.policy.assert(variant.uri, `variant of ${response.url}`);
    this.variantChosen = variant;
    this.variables = master.variables;
    this.adoptMediaUrl(variant.uri);
    return undefined;
  }

  /**
   * The first poll after a source change says so once, before this poll's other events: a reset
   * into the new epoch at the first segment taken (`fresh`: after a live start's behind-live gap).
   */
  private reportSourceChange(playlist: MediaPlaylist, fresh: readonly Segment[], events: FollowerEvent[]): void {
    const change = this.sourceChange;
    if (!change) return;
    this.sourceChange = undefined;
    events.unshift({
      type: 'reset',
      reason: change.reason,
      mediaSequence: fresh[0]?.mediaSequence ?? playlist.mediaSequence + playlist.segments.length,
      ...(change.previousMediaSequence === undefined ? {} : { previousMediaSequence: change.previousMediaSequence }),
      epoch: this.epoch,
      newEpoch: true,
      previousUrl: change.previousUrl,
    });
  }

  /** Without saved state: the live edge (the older segments are a `behind-live` gap), or the whole window. */
  private firstWindow(playlist: MediaPlaylist, events: FollowerEvent[]): readonly Segment[] {
    const segments = playlist.segments;
    if ((this.options.start ?? DEFAULT_START_POSITION) === 'window' || playlist.endList) return segments;
    const edge = liveEdgeIndex(segments, holdBackSeconds(playlist));
    if (edge <= 0) return segments;
    pushGap(events, 'behind-live', segments[0]!.mediaSequence, segments[edge - 1]!.mediaSequence);
    return segments.slice(edge);
  }

  /** The segments of `playlist` not delivered yet, in order; records gap/reset events. */
  private selectNew(playlist: MediaPlaylist, events: FollowerEvent[]): readonly Segment[] {
    const segments = playlist.segments;
    if (segments.length === 0) return segments;
    const restart = this.restartReason(segments);
    if (restart) {
      // Not an older cached copy of what we saw: the encoder started over — a new timeline epoch.
      this.epoch++;
      events.push({
        type: 'reset',
        reason: restart,
        mediaSequence: segments[0]!.mediaSequence,
        previousMediaSequence: this.last,
        epoch: this.epoch,
        newEpoch: true,
      });
      this.recent.clear();
      this.lastDiscontinuity = undefined;
      this.lastEnd = undefined;
      this.lastClock = undefined;
      return segments;
    }
    const fresh = segments.filter((s) => s.mediaSequence > this.last!);
    if (fresh.length > 0 && fresh[0]!.mediaSequence > this.last! + 1) {
      const from = this.last! + 1;
      const to = fresh[0]!.mediaSequence - 1;
      const skipEnd = playlist.mediaSequence + playlist.skippedSegments - 1;
      if (playlist.skippedSegments > 0 && skipEnd >= from) {
        const detail = `EXT-X-SKIP delta update skipped ${from}..${Math.min(to, skipEnd)} before they were delivered: cannot merge`;
        events.push({
          type: 'gap',
          reason: 'left-window',
          from,
          to,
          missed: to - from + 1,
          problem: 'unmerged-skip',
          detail,
        });
      } else {
        pushGap(events, 'left-window', from, to);
      }
    }
    return fresh;
  }

  /** `sequence-reused` / `sequence-backwards` when the playlist is a restart rather than a reload, else undefined. */
  private restartReason(segments: readonly Segment[]): ResetReason | undefined {
    for (const s of segments) {
      const seen = this.recent.get(s.mediaSequence);
      if (seen === undefined) continue;
      if (withoutQuery(seen.uri) !== withoutQuery(s.uri)) return 'sequence-reused';
      const exact = s.clock === 'program-date-time' && seen.clock !== 'estimated';
      if (exact && Math.abs(seen.startTime - s.startTime) > PDT_JUMP_TOLERANCE_MS) return 'sequence-reused';
    }
    const lastListed = segments[segments.length - 1]!.mediaSequence;
    // Lower numbers we have not all seen: a restart. All seen: a stale (cached) copy, nothing new.
    if (lastListed < this.last! && !segments.every((s) => this.recent.has(s.mediaSequence)))
      return 'sequence-backwards';
    return undefined;
  }

  /** Keep lag bounded: when the next segment is more than `maxLagSeconds` behind the live edge, jump to the edge. */
  private skipBehindLive(
    playlist: MediaPlaylist,
    fresh: readonly Segment[],
    events: FollowerEvent[],
  ): readonly Segment[] {
    if (fresh.length === 0 || playlist.endList) return fresh;
    const maxLag = this.options.maxLagSeconds ?? DEFAULT_MAX_LAG_SECONDS;
    const edge = playlist.segments[liveEdgeIndex(playlist.segments, holdBackSeconds(playlist))]!.mediaSequence;
    let behind = 0;
    let skip = 0;
    while (skip < fresh.length && fresh[skip]!.mediaSequence < edge) behind += fresh[skip++]!.duration;
    if (behind <= maxLag) return fresh;
    pushGap(events, 'behind-live', fresh[0]!.mediaSequence, fresh[skip - 1]!.mediaSequence);
    return fresh.slice(skip);
  }

  /** Number, epoch-check, remember and filter the fresh segments: gap-tagged and refused ones become events. */
  private deliver(fresh: readonly Segment[], events: FollowerEvent[]): FollowedSegment[] {
    const delivered: FollowedSegment[] = [];
    let gapRun: { from: number; to: number } | undefined;
    for (const raw of fresh) {
      const segment = this.continueClock(raw);
      this.checkDiscontinuity(segment, events);
      if (gapRun && !segment.gap) {
        pushGap(events, 'gap-tag', gapRun.from, gapRun.to);
        gapRun = undefined;
      }
      this.remember(segment);
      if (segment.gap) {
        gapRun = { from: gapRun?.from ?? segment.mediaSequence, to: segment.mediaSequence };
        continue;
      }
      const refusedUri = [segment.map?.uri, segment.uri].find((uri) => uri !== undefined && !this.policy.allows(uri));
      if (refusedUri !== undefined) {
        events.push({
          type: 'refused',
          reason: 'refused',
          mediaSequence: segment.mediaSequence,
          uri: refusedUri,
          host: hostOf(refusedUri),
        });
        continue;
      }
      delivered.push({ ...segment, epoch: this.epoch });
    }
    if (gapRun) pushGap(events, 'gap-tag', gapRun.from, gapRun.to);
    return delivered;
  }

  /** A discontinuity is a reset event; when its program date time jumps it also starts a new epoch. */
  private checkDiscontinuity(segment: Segment, events: FollowerEvent[]): void {
    if (
      this.lastDiscontinuity === undefined ||
      (!segment.discontinuity && segment.discontinuitySequence === this.lastDiscontinuity)
    )
      return;
    const exact =
      segment.clock === 'program-date-time' && this.lastClock === 'program-date-time' && this.lastEnd !== undefined;
    const jump = exact ? segment.startTime - this.lastEnd! : 0;
    const newEpoch = Math.abs(jump) > PDT_JUMP_TOLERANCE_MS;
    if (newEpoch) this.epoch++;
    events.push({
      type: 'reset',
      reason: 'discontinuity',
      mediaSequence: segment.mediaSequence,
      previousMediaSequence: this.last,
      epoch: this.epoch,
      newEpoch,
      ...(newEpoch ? { pdtJumpMs: jump } : {}),
    });
  }

  private reportStallAndEnd(playlist: MediaPlaylist, anyNew: boolean, events: FollowerEvent[]): void {
    const now = this.now();
    if (anyNew) {
      this.lastNewAt = now;
      this.stallReported = false;
    } else if (
      !playlist.endList &&
      !this.stallReported &&
      now - this.lastNewAt >= STALL_TARGET_DURATIONS * playlist.targetDuration * 1000
    ) {
      this.stallReported = true;
      events.push({ type: 'stalled', sinceMs: this.lastNewAt, lastMediaSequence: this.last });
    }
    this.reportEnd(playlist, now, events);
  }

  /** A confirmed ENDLIST is reported once (see the `ended` event); a live reload forgets the end. */
  private reportEnd(playlist: MediaPlaylist, now: number, events: FollowerEvent[]): void {
    if (!playlist.endList) {
      this.endReported = false;
      this.endSeenBefore = false;
      this.endSeenAt = undefined;
      return;
    }
    this.endSeenAt ??= now;
    if (this.endReported) return;
    const confirmed =
      playlist.playlistType === 'VOD' || this.endSeenBefore || now - this.endSeenAt >= playlist.targetDuration * 1000;
    if (!confirmed) return;
    this.endReported = true;
    events.push({
      type: 'ended',
      lastMediaSequence: this.last,
      ...(this.endSeenBefore ? { seenBefore: true as const } : {}),
    });
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
    this.lastClock = segment.clock;
    this.recent.set(segment.mediaSequence, { uri: segment.uri, startTime: segment.startTime, clock: segment.clock });
    if (this.recent.size > REMEMBERED_SEGMENTS) this.recent.delete(this.recent.keys().next().value!);
  }
}

/**
 * A URI without its query and fragment: CDNs rotate signed tokens in segment URIs between reloads,
 * which must not look like new content (a changed program date time still does).
 */
function withoutQuery(uri: string): string {
  const cut = uri.search(/[?#]/);
  return cut === -1 ? uri : uri.slice(0, cut);
}

/** Two channel URLs name the same source (compared as parsed URLs: `HTTP://Host/a` = `http://host/a`). */
function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

function pushGap(events: FollowerEvent[], reason: FollowerGapReason, from: number, to: number): void {
  events.push({ type: 'gap', reason, from, to, missed: to - from + 1 });
}

/** Host (with port) of a URL, or its scheme when it has none (`file:`), for refusal reports. */
function hostOf(uri: string): string {
  try {
    const url = new URL(uri);
    return url.host || url.protocol;
  } catch {
    return uri;
  }
}
