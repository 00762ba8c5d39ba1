/**
 * Types at the boundary of @catfinder/delta: the clip request the prekog Lambda sends, the clip
 * record (the clips feed entry of CONTRACTS.md) and the one interface both clippers implement.
 */

/** A clip's status over its life: `pending → cutting → ready | failed`. */
import type { ClipStatus, ClipsFeedEntry, FrameRef as StoreFrameRef, TimelineBreak } from '@catfinder/store';

export type { ClipStatus };

/** How the built-in clipper produced the MP4 (Delta does not tell us). */
export type ClipMethod = 'smart' | 'reencode';

/** Result of checking the clip's first and last frames (and count) against the source. */
export interface ClipVerification {
  passed: boolean;
  method: 'framemd5' | 'psnr';
  detail?: string;
}

/** One scene cut inside a clip, as shown on the dashboard. */
export interface ClipCut {
  /** Absolute time, ISO 8601. */
  time: string;
  /** Frame label `YYYY-MM-DD HH:MM:SS;FF`. */
  frame: string;
  thumbnailUrl?: string;
}

/** Seconds spent in each stage of producing the clip (built-in clipper). */
export interface ClipTimings {
  fetchSeconds: number;
  cutSeconds: number;
  publishSeconds: number;
  totalSeconds: number;
  /** The cutter's own stage breakdown, milliseconds (e.g. media's prepareMs, headMs, verifyMs). */
  cutStagesMs?: Record<string, number>;
}

/** The clip record, field for field the clips feed entry of CONTRACTS.md. */
export type ClipRecord = { -readonly [K in keyof ClipsFeedEntry]: ClipsFeedEntry[K] } & {
  /** The appearance this clip was cut for (not published in the feed). */
  appearanceId?: string;
};

/** One bound frame of a clip: where it is in the archive and when it is. */
export interface FrameRef extends StoreFrameRef {
  /** Absolute time of the frame, ISO 8601 (segmentStart + pts − firstPts). */
  time: string;
}

/** What the prekog Lambda asks for: exactly the frames `startFrame..endFrame`, both included. */
export interface ClipRequest {
  channel: string;
  label: string;
  startFrame: FrameRef;
  endFrame: FrameRef;
  /** Frames per second of the source; used for frame labels and the Delta request. */
  frameRate: number;
  /** Scene cuts inside the clip, copied to the record. @default [] */
  cuts?: ClipCut[];
  /** Detector calls the appearance took, copied to the record. */
  detectorCalls?: number;
  /** The appearance this clip shows (stored with the record, for the caller's idempotency). */
  appearanceId?: string;
  /** A timeline break inside the scene made the clip partial (copied to the record, so the feed can say so). */
  cutShortBy?: TimelineBreak;
  /**
   * When the segment holding the clip's last frame appeared in the live playlist (ISO); when
   * given, `latencySeconds` is measured up to the moment the clip is listed in the feed.
   */
  lastSegmentSeenAt?: string;
  /**
   * Timeline epoch of the clip's segments (libs/store: a segment is (channel, epoch, sequence)):
   * the builtin clipper cuts from that epoch's archive even where a later epoch reused the
   * sequence numbers. @default 0
   */
  epoch?: number;
}

/** What `createClip` returns: the record as stored, and whether this call made it. */
export interface ClipResult {
  clip: ClipRecord;
  /** false when a clip for the same bounds already existed (idempotent repeat). */
  created: boolean;
  /** Stage timings when this call produced the clip. */
  timings?: ClipTimings;
}

/** The one interface both clippers implement. Never throws for a bad request: records `failed`. */
export interface Clipper {
  readonly kind: 'builtin' | 'delta';
  createClip(request: ClipRequest): Promise<ClipResult>;
}
