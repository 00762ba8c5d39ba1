/** A byte range of a resource: `length` bytes from `offset`. */
export interface ByteRange {
  readonly offset: number;
  readonly length: number;
}

/** An `#EXT-X-MAP` initialisation section (fMP4). */
export interface InitSection {
  /** Absolute URL. */
  readonly uri: string;
  readonly byteRange?: ByteRange;
}

/**
 * Where a follower with no saved state starts: `live` — at the live edge (the segment holding
 * "end of playlist − hold-back"), as players do; `window` — at the oldest segment listed.
 */
export type StartPosition = 'live' | 'window';

/** How a segment's start time was found. */
export type SegmentClock = 'program-date-time' | 'estimated';

/** One media segment of the analysed variant. */
export interface Segment {
  readonly mediaSequence: number;
  /** Absolute URL (relative URIs resolved against the playlist URL). */
  readonly uri: string;
  /** `#EXTINF` duration in seconds. */
  readonly duration: number;
  /** `#EXT-X-DISCONTINUITY-SEQUENCE` plus discontinuities seen so far in the playlist. */
  readonly discontinuitySequence: number;
  /** True when an `#EXT-X-DISCONTINUITY` precedes this segment. */
  readonly discontinuity: boolean;
  /**
   * Absolute start, epoch ms. `program-date-time`: from this segment's `#EXT-X-PROGRAM-DATE-TIME`
   * or carried from the nearest earlier one in the same timeline by adding durations.
   * `estimated`: no PDT applies; see DESIGN.md (time first seen + running sum of durations).
   */
  readonly startTime: number;
  readonly clock: SegmentClock;
  readonly byteRange?: ByteRange;
  readonly map?: InitSection;
  /** The segment's `#EXTINF` title, if any. */
  readonly title?: string;
  /** `#EXT-X-GAP`: the segment is missing at the origin and must never be fetched. */
  readonly gap?: true;
}

/** Non-fatal problem found while parsing (the caller decides whether it matters). */
export interface PlaylistProblem {
  readonly code:
    | 'missing-target-duration'
    | 'duration-exceeds-target'
    | 'bad-program-date-time'
    | 'program-date-time-without-zone'
    | 'duplicate-uri'
    | 'encrypted'
    | 'unknown-line'
    | 'no-bandwidth'
    | 'duplicate-tag'
    | 'fractional-target-duration'
    | 'map-without-uri'
    | 'uri-without-extinf'
    | 'byterange-offset-guessed'
    | 'unterminated-quote'
    | 'skipped-segments'
    | 'i-frames-only'
    | 'bad-define'
    | 'unresolved-variable'
    | 'undefined-variable';
  readonly message: string;
  /** 1-based line, when known. */
  readonly line?: number;
}

/** A parsed media playlist (one reload of it). */
export interface MediaPlaylist {
  readonly url: string;
  readonly version?: number;
  /** `#EXT-X-TARGETDURATION` seconds (or the longest segment when missing — see problems). */
  readonly targetDuration: number;
  readonly mediaSequence: number;
  readonly discontinuitySequence: number;
  readonly endList: boolean;
  readonly playlistType?: 'EVENT' | 'VOD';
  readonly independentSegments: boolean;
  /**
   * `EXT-X-SKIP:SKIPPED-SEGMENTS` of a playlist delta update: that many segments from
   * `mediaSequence` on are not listed; `segments[0].mediaSequence` is `mediaSequence + skippedSegments`.
   */
  readonly skippedSegments: number;
  /** `EXT-X-SERVER-CONTROL:HOLD-BACK` seconds, when the server sets one. */
  readonly holdBack?: number;
  /** `#EXT-X-I-FRAMES-ONLY`: segments are single I-frames (trick play), not content to analyse. */
  readonly iFramesOnly: boolean;
  readonly segments: readonly Segment[];
  readonly problems: readonly PlaylistProblem[];
  /** Epoch ms the text was received (anchor of the estimated clock). */
  readonly receivedAt: number;
}

/** One variant stream of a master playlist. */
export interface Variant {
  /** Absolute URL of its media playlist. */
  readonly uri: string;
  readonly bandwidth: number;
  readonly averageBandwidth?: number;
  readonly resolution?: { readonly width: number; readonly height: number };
  readonly frameRate?: number;
  readonly codecs?: string;
}

/** A parsed master (multivariant) playlist. */
export interface MasterPlaylist {
  readonly url: string;
  readonly variants: readonly Variant[];
  readonly independentSegments: boolean;
  readonly problems: readonly PlaylistProblem[];
  /** `EXT-X-DEFINE` variables of the multivariant playlist (what a media playlist may IMPORT). */
  readonly variables: Readonly<Record<string, string>>;
}
