/** Types at the scan tool's boundaries: parts from a source, damage, the scan result. */
import type { ClipRecord } from '@catfinder/delta';

/** One piece of the input, as MPEG-TS on local disk, in order. */
export interface ScanPart {
  /** 0, 1, 2, … in source order (the pipeline's media sequence). */
  readonly sequence: number;
  /** MPEG-TS file owned by the scan: the pipeline deletes it when no clip can need it any more. */
  readonly path: string;
  /** Bumped where the source's timeline breaks (HLS discontinuity): nothing carries across. */
  readonly discontinuity: number;
  /** Where the part starts on the source's timeline, seconds (frame 0 of a file is 0). */
  readonly startSeconds: number;
  /** Nominal length, seconds (split list / EXTINF). */
  readonly durationSeconds: number;
  /** Source media lost just before this part (e.g. a segment that could not be fetched), whose sequence number it used. */
  readonly lostBefore?: { readonly range: DamagedRange; readonly sequence: number };
}

/** A range of the source that could not be scanned. */
export interface DamagedRange {
  readonly fromSeconds: number;
  readonly toSeconds: number;
  readonly reason: string;
}

/** Where the parts come from: a file split on keyframes, or a finished playlist. */
export interface PartSource {
  /** The input as the user named it. */
  readonly input: string;
  /**
   * The frame rate the container declares, when it does. Containers with a millisecond timebase
   * (Matroska) jitter each timestamp by up to 1 ms, so the rate measured from timestamps is off.
   */
  readonly frameRate?: number;
  /** Source length in seconds when known up front (progress bar). */
  readonly totalSeconds?: number;
  /** Parts in order. The iterator's end means the source is exhausted. */
  parts(signal: AbortSignal): AsyncIterable<ScanPart>;
  /** Damage the source itself noticed (e.g. a file that ends before its declared duration). */
  damage(): readonly DamagedRange[];
}

/** One scanned appearance turned into a clip. */
export interface ScanClip {
  readonly record: ClipRecord;
  /** First and last frame of the clip on the source's timeline (frame 0 = time 0). */
  readonly firstFrame: number;
  readonly lastFrame: number;
  readonly frameRate: number;
}

export interface ScanSummary {
  readonly input: string;
  readonly outDir: string;
  readonly channel: string;
  readonly frames: number;
  readonly mediaSeconds: number;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly parts: number;
  readonly samples: number;
  readonly detectorCalls: number;
  /** Detector calls that failed (each sample is tried twice before it is recorded unread). */
  readonly detectorErrors: number;
  /** Wall seconds spent in each stage (they overlap: analysis runs ahead of detection). */
  readonly analyseSeconds: number;
  readonly detectSeconds: number;
  /** Most parts held on disk for clips at once (the sliding window; bounded whatever the length). */
  readonly peakPartsHeld: number;
  readonly clips: readonly ScanClip[];
  readonly damaged: readonly DamagedRange[];
  readonly frameRate: number;
  readonly peakRssMb: number;
}
