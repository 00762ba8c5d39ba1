/**
 * What prekog needs from the outside world. `wiring.ts` maps these onto libs/store and
 * libs/delta; tests can wrap them to inject faults.
 */
import type { ClipRequest, ClipResult } from '@catfinder/delta';
import type { ClipBounds, SampleRow } from './clip-bounds';
import type { TimelineSegment } from './frame-timeline';

export interface SegmentFacts extends TimelineSegment {
  /** When parse first saw the segment listed in the playlist, epoch ms. */
  readonly firstSeenAt?: number;
  readonly discontinuitySequence: number;
}

/** What prekog has recorded about an appearance. */
export interface AppearanceClipState {
  readonly clipId?: string;
  readonly provisional?: ClipBounds;
}

/**
 * Which samples a walk may return. An appearance lives in one timeline epoch: after an encoder
 * restart the sequence numbers start from 0 again, so a sample of another epoch — even one close
 * in time — names a frame of a different segment and must never bound its clip.
 */
export interface SampleScope {
  /** Only samples of this timeline epoch (the notice's `epoch`; 0 when absent). @default every epoch */
  readonly epoch?: number;
  /** Only samples at or after this time, epoch ms (bounds the walk to what can still matter). @default no bound */
  readonly since?: number;
}

export interface PrekogStore {
  /** Samples strictly before `t` (and in `scope`), newest first, at most `limit`. */
  samplesBefore(channel: string, t: number, limit: number, scope?: SampleScope): Promise<SampleRow[]>;
  /** Samples with from < time ≤ to (of `scope.epoch` when given), oldest first, at most `limit`. */
  samplesAfter(
    channel: string,
    from: number,
    to: number,
    limit: number,
    scope?: Pick<SampleScope, 'epoch'>,
  ): Promise<SampleRow[]>;
  /** The sample at exactly this frame (time is the key), if stored. */
  sampleAt(channel: string, time: number, mediaSequence: number, index: number): Promise<SampleRow | undefined>;
  /** Segment facts for media sequences in [from, to] of one timeline epoch (default 0). */
  segments(channel: string, from: number, to: number, epoch?: number): Promise<SegmentFacts[]>;
  getAppearanceClip(channel: string, label: string, appearanceId: string): Promise<AppearanceClipState | undefined>;
  saveProvisionalBounds(channel: string, label: string, appearanceId: string, bounds: ClipBounds): Promise<void>;
  saveClipId(channel: string, label: string, appearanceId: string, clipId: string): Promise<void>;
}

export interface ClipMaker {
  createClip(request: ClipRequest): Promise<ClipResult>;
}
