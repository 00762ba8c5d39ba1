/**
 * What the parse pipeline needs from the outside world, as narrow interfaces. `wiring.ts` maps
 * them onto libs/hls, libs/store, libs/vision and the Lambda client; tests can put a real
 * stand-in or a fault-injecting wrapper behind any of them.
 */
import type { FollowerState } from '@catfinder/hls';
import type { SamplingCarry } from '@catfinder/media';
import type { FileBody } from '@catfinder/store';
import type { DetectLabelsResult, Label } from '@catfinder/vision';
import type { AppearanceState, ClosedAppearance, OpenAppearance, SamplePoint } from './appearance';
import type { PrekogEvent } from './events';
import type { FacesStep } from './faces-step';

/** A media segment of the analysed variant, as the live source reports it. */
export interface LiveSegment {
  readonly mediaSequence: number;
  /**
   * Timeline epoch (libs/hls's follower is its one source; it raises it at an encoder restart or a
   * date jump): a segment's identity is (channel, epoch, mediaSequence).
   */
  readonly epoch: number;
  readonly uri: string;
  /** Seconds (playlist EXTINF). */
  readonly duration: number;
  readonly discontinuitySequence: number;
  /** Absolute start, epoch ms (PROGRAM-DATE-TIME or estimated). */
  readonly startTime: number;
  readonly clock: 'program-date-time' | 'estimated';
  /** When this process first saw the segment listed in the playlist, epoch ms (latency origin). */
  readonly firstSeenAt: number;
  /** File extension for the archive key (`ts`, `m4s`, …). */
  readonly extension: string;
}

export type LiveEvent =
  /** Segments that will not be delivered, with DESIGN.md's reason (`left-window`, `behind-live`, `gap-tag`). */
  | {
      readonly type: 'gap';
      readonly reason: 'left-window' | 'behind-live' | 'gap-tag';
      readonly fromSequence: number;
      readonly toSequence: number;
      readonly detail: string;
      readonly epoch: number;
    }
  /** A segment whose URI failed the host policy: a security event, recorded as a gap with reason `refused`. */
  | {
      readonly type: 'refused';
      readonly mediaSequence: number;
      readonly uri: string;
      readonly host: string;
      readonly epoch: number;
    }
  /**
   * The timeline restarted; `epoch` is the epoch of the segments from here on (raised when `newEpoch`).
   * `sourceChanged`: the saved position belonged to another source URL (`from`), e.g. a local demo
   * channel on a new port or a changed `HLS_URL`; the configured URL is followed as a new timeline.
   */
  | {
      readonly type: 'reset';
      readonly detail: string;
      readonly epoch: number;
      readonly newEpoch: boolean;
      readonly sourceChanged?: { readonly from: string };
    }
  | { readonly type: 'stalled'; readonly detail: string }
  /** `#EXT-X-ENDLIST`: nothing more will come. `seenBefore`: an earlier run already saw this end. */
  | { readonly type: 'ended'; readonly seenBefore?: true };

export interface LiveSource {
  /**
   * Reloads the playlist once its reload interval has passed (waiting at most `maxWaitMs`; an
   * early return has no segments) and returns the new segments in order, each exactly once, plus
   * what happened (gaps, resets, …).
   */
  poll(maxWaitMs: number, signal: AbortSignal): Promise<{ segments: LiveSegment[]; events: LiveEvent[] }>;
  /**
   * Writes one segment to the file `path`, streamed under the size cap (timeouts and bounded
   * retries inside). An fMP4 segment with an init section (`#EXT-X-MAP`) becomes ONE
   * self-contained file: the init section's bytes, then the segment's (processSegment archives
   * the two parts separately).
   */
  fetchSegment(segment: LiveSegment, path: string, signal: AbortSignal): Promise<void>;
  /** What to persist so the next run resumes right after `lastSequence` (JSON-safe). */
  stateAfter(lastSequence: number | undefined): FollowerState;
}

/** Why a range of segments is not processed (DESIGN.md gap reasons) and what to store with it. */
export interface GapRecord {
  readonly reason: 'left-window' | 'behind-live' | 'gap-tag' | 'refused' | 'failed';
  readonly detail: string;
  /** Timeline epoch of the missing segments. @default 0 */
  readonly epoch?: number;
}

/** Per-channel state carried from one run to the next. */
export interface ChannelCursor {
  /** Last media sequence handled (processed, failed or recorded as a gap); undefined before the first. */
  readonly lastSequence?: number;
  readonly discontinuitySequence: number;
  /**
   * Timeline epoch of the last segment handled, as the live source reported it (informational:
   * the source's own state, `source`, is what a run resumes from). @default 0
   */
  readonly epoch?: number;
  /** Sampling rhythm across segments (without the in-process boundary artefact). */
  readonly carry?: SamplingCarry;
  /** Appearance state per watched label. */
  readonly appearances: Readonly<Record<string, AppearanceState>>;
  /** The live source's resume state (LiveSource.stateAfter). */
  readonly source?: FollowerState;
}

export interface SegmentRecord {
  readonly channel: string;
  readonly mediaSequence: number;
  readonly startTime: number;
  readonly duration: number;
  readonly discontinuitySequence: number;
  readonly clock: LiveSegment['clock'];
  readonly firstSeenAt: number;
  readonly archiveKey: string;
  /** Archived init section of an fMP4 segment (`segments/<channel>/init/<sha256 prefix>.mp4`). */
  readonly initKey?: string;
  readonly frameCount: number;
  readonly frameRate: number;
  readonly width: number;
  readonly height: number;
}

/** One sample row of the frames table. */
export interface SampleRecord {
  readonly channel: string;
  readonly mediaSequence: number;
  /** Timeline epoch of the segment (prekog keeps an appearance's neighbouring samples to it). @default 0 */
  readonly epoch?: number;
  readonly index: number;
  /** Absolute time, epoch ms. */
  readonly time: number;
  readonly frameLabel: string;
  readonly isCut: boolean;
  readonly sceneScore: number;
  readonly imageKey: string;
  /** Observation; null when the detector failed on this sample. */
  readonly labels: readonly Label[] | null;
  /** Watched labels that matched on this sample. */
  readonly matchedLabels: readonly string[];
  readonly labelModelVersion?: string;
  /** True when the labels were reused from an earlier sample of the same scene (no detector call). */
  readonly reused?: boolean;
}

/** A label seen on a sample, for the label summary. */
export interface LabelSighting {
  readonly channel: string;
  readonly label: string;
  readonly mediaSequence: number;
  readonly index: number;
  readonly time: number;
  readonly frameLabel: string;
  readonly confidence: number;
  readonly thumbnailKey: string;
}

export interface ParseStore {
  /**
   * Takes or renews the channel's run lease (one run per channel at a time, so appearances see
   * samples in order); false while another run holds it.
   */
  acquireRun(channel: string, owner: string, untilMs: number): Promise<boolean>;
  releaseRun(channel: string, owner: string): Promise<void>;
  readCursor(channel: string): Promise<ChannelCursor | undefined>;
  /** Saves the cursor; throws if this run no longer holds the channel. */
  writeCursor(channel: string, cursor: ChannelCursor): Promise<void>;
  /** Claims one segment exactly once; returns the claim token, or undefined when another run has or had it. */
  claimSegment(
    segment: {
      channel: string;
      mediaSequence: number;
      epoch?: number;
      startTime: number;
      duration: number;
      firstSeenAt: number;
      discontinuitySequence: number;
      clock: LiveSegment['clock'];
      uri: string;
    },
    owner: string,
    leaseMs: number,
  ): Promise<string | undefined>;
  completeSegment(record: SegmentRecord, token: string): Promise<void>;
  /**
   * Gives the claim back so it can be retried (a passing failure). Resolves false when the token
   * no longer holds the segment (already done, or the lease went to another run).
   */
  releaseSegment(channel: string, mediaSequence: number, token: string, reason: string): Promise<boolean>;
  /** Records a permanent failure of this segment (never retried). */
  failSegment(channel: string, mediaSequence: number, token: string, reason: string): Promise<void>;
  /** Records segments that will not be processed, with DESIGN.md's reason (`left-window`, `refused`, …). */
  recordGap(channel: string, fromSequence: number, toSequence: number, reason?: GapRecord): Promise<void>;
  /** Puts an object: bytes, or a local file streamed from disk (`start`: first byte to send). */
  putObject(key: string, body: Uint8Array | FileBody, contentType: string): Promise<void>;
  getObject(key: string): Promise<Uint8Array | undefined>;
  putSamples(samples: readonly SampleRecord[]): Promise<void>;
  recordSightings(sightings: readonly LabelSighting[]): Promise<void>;
  /** Records an appearance (open or closed) and its new samples for the per-label feed. */
  saveAppearance(appearance: OpenAppearance | ClosedAppearance, samples: readonly AppearanceSample[]): Promise<void>;
  publishFeeds(channel: string, labels: readonly string[]): Promise<void>;
}

export interface AppearanceSample extends SamplePoint {
  readonly frameLabel: string;
  readonly imageKey: string;
  readonly confidence: number | null;
  readonly matched: boolean;
  readonly isCut: boolean;
}

export interface Detector {
  detect(image: Uint8Array): Promise<DetectLabelsResult>;
  /** Face recognition after detection (faces-step.ts); absent when recognition is off. */
  readonly faces?: FacesStep;
}

export interface PrekogInvoker {
  /** Asynchronous invoke (fire and forget; Lambda retries on its side). */
  invoke(event: PrekogEvent): Promise<void>;
}
