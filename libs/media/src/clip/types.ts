import type { FrameRef } from '@catfinder/store';

/** A local segment file of the source (one timeline): MPEG-TS or fMP4. */
export interface ClipSegment {
  /** MPEG-TS, a self-contained fMP4 (init section + fragments) or a bare fMP4 fragment with `initPath`. */
  path: string;
  mediaSequence: number;
  /** The init section (`#EXT-X-MAP`) of a bare fMP4 fragment. */
  initPath?: string;
}

/**
 * A frame addressed by segment and index (presentation order within the segment, from 0): the
 * frame reference of CONTRACTS.md, owned by @catfinder/store (type-only import, nothing at run time).
 */
export type { FrameRef };

/** Options of {@link cutClip}. */
export interface CutClipOptions {
  /** Contiguous segments in order (consecutive media sequence numbers, continuous timestamps). */
  segments: ClipSegment[];
  /** First frame of the clip (included). */
  first: FrameRef;
  /** Last frame of the clip (included). */
  last: FrameRef;
  /** MP4 to write (H.264, `+faststart`); written to a temp file beside it and renamed. */
  outputPath: string;
  /**
   * Poster JPEG to write (the clip's first frame).
   * @default outputPath with `.jpg`
   */
  posterPath?: string;
  /**
   * `smart`: stream-copy whole GOPs, re-encode only partial head/tail GOPs (falls back to
   * `reencode` if the stream is unsuitable or verification fails). `reencode`: re-encode all.
   * @default 'smart'
   */
  method?: 'smart' | 'reencode';
  /**
   * Test mode for losslessly encoded sources: re-encode losslessly and verify every frame's md5
   * (`framemd5`) against the source. Otherwise first/last frames are checked by PSNR against the
   * requested source frame and its neighbours.
   * @default false
   */
  lossless?: boolean;
  /**
   * Keep the audio track (cut to the same time range, re-encoded to AAC).
   * @default true
   */
  audio?: boolean;
  /**
   * x264 CRF for re-encoded parts.
   * @default 17
   */
  crf?: number;
  /**
   * x264 preset for re-encoded parts.
   * @default 'veryfast'
   */
  preset?: string;
  /**
   * Minimum luma PSNR (dB) of first/last frame against the requested source frame.
   * @default 30
   */
  minPsnr?: number;
  /**
   * Timeout of each ffmpeg step.
   * @default 180000
   */
  stepTimeoutMs?: number;
  signal?: AbortSignal;
  /** ffmpeg binary. @default resolveFfmpeg() */
  ffmpegPath?: string;
}

export interface ClipVerification {
  passed: boolean;
  method: 'framemd5' | 'psnr';
  /** Human-readable summary (frame count, PSNR values or first mismatching frame). */
  detail: string;
  frameCount: number;
  expectedFrameCount: number;
}

export interface ClipTimings {
  prepareMs: number;
  headMs: number;
  middleMs: number;
  tailMs: number;
  audioMs: number;
  joinMs: number;
  verifyMs: number;
  totalMs: number;
}

export interface ClipResult {
  method: 'smart' | 'reencode';
  /** Why the smart cut was not used or was abandoned (when method is `reencode` but `smart` was asked). */
  fallbackReason?: string;
  frameCount: number;
  durationSeconds: number;
  verification: ClipVerification;
  /** Frames re-encoded at the head, copied, re-encoded at the tail. */
  parts: { headFrames: number; copiedFrames: number; tailFrames: number };
  hasAudio: boolean;
  outputPath: string;
  posterPath: string;
  timings: ClipTimings;
}
