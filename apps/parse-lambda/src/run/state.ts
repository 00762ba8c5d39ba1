/**
 * The state of one parse run that outlives a single segment, in one typed object, and the run's
 * counters. `ParseRun` (parse-run.ts) is the only writer.
 */
import type { SamplingCarry } from '@catfinder/media';
import type { AppearanceState } from '../appearance';
import type { Detector, LiveSegment } from '../ports';

/** A segment this run still holds because giving it back or recording it did not reach the store. */
export interface HeldClaim {
  readonly token: string;
  readonly settle: 'release' | 'fail';
  readonly reason: string;
}

export interface ParseRunState {
  /** Last media sequence handled (processed, failed, skipped or recorded as a gap). */
  lastSequence?: number;
  /** Discontinuity sequence of the last segment handled: a change starts a new timeline. */
  discontinuity?: number;
  /**
   * Timeline epoch: raised at every playlist reset (e.g. an encoder restart that reuses sequence
   * numbers), so the new timeline's segments are claimed afresh as (channel, epoch, sequence).
   */
  epoch: number;
  /** Appearance machine state per watched label. */
  appearances: Record<string, AppearanceState>;
  /** Sampling rhythm carried into the next segment of the same timeline. */
  carry?: SamplingCarry;
  /** Local TS copy of the previous segment (the next segment's frame 0 is scored against it). */
  previousPath?: string;
  /** Sample JPEGs and boundary frames of the previous segment. */
  previousSamplesDir?: string;
  /** Failed attempts per media sequence (bounded retries). */
  readonly attempts: Map<number, number>;
  /**
   * Segments this run still holds because release or fail did not reach the store (e.g. while
   * DynamoDB restarts). A retry reuses the token — a fresh claim would find this run's own lease
   * and skip the segment — and the run's end settles whatever is left.
   */
  readonly held: Map<number, HeldClaim>;
  /** Released by this run and not claimed again: the next run retries them. */
  readonly givenBack: Set<number>;
  /** Polled but not yet handled; a passing failure leaves its segment at the head. */
  readonly queue: LiveSegment[];
  /** Set when any store call finds another run holds the channel: the run stops at once. */
  leaseLost: boolean;
  /** The playlist ended (ENDLIST). */
  ended: boolean;
  /** Loaded on the first segment with samples. */
  detector?: Detector;
}

/** Counts reported in the run summary. */
export interface RunCounts {
  segments: number;
  skippedClaimed: number;
  failedSegments: number;
  releasedSegments: number;
  gaps: number;
  /** Segments refused by the host policy (a security event, counted apart from gaps). */
  refused: number;
  resets: number;
  samples: number;
  detectorCalls: number;
  detectorErrors: number;
  appearancesOpened: number;
  appearancesClosed: number;
  prekogInvokes: number;
  errors: number;
  waitedForLeaseMs: number;
}

export function emptyCounts(): RunCounts {
  return {
    segments: 0,
    skippedClaimed: 0,
    failedSegments: 0,
    releasedSegments: 0,
    gaps: 0,
    refused: 0,
    resets: 0,
    samples: 0,
    detectorCalls: 0,
    detectorErrors: 0,
    appearancesOpened: 0,
    appearancesClosed: 0,
    prekogInvokes: 0,
    errors: 0,
    waitedForLeaseMs: 0,
  };
}

export function initialState(): ParseRunState {
  return {
    epoch: 0,
    appearances: {},
    attempts: new Map(),
    held: new Map(),
    givenBack: new Set(),
    queue: [],
    leaseLost: false,
    ended: false,
  };
}
