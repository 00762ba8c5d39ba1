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

export interface PrekogStore {
  /** Samples strictly before `t`, newest first, at most `limit`. */
  samplesBefore(channel: string, t: number, limit: number): Promise<SampleRow[]>;
  /** Samples with from < time ≤ to, oldest first. */
  samplesAfter(channel: string, from: number, to: number, limit: number): Promise<SampleRow[]>;
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
