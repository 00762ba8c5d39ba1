/**
 * The appearance state machine of DESIGN.md, pure: one step per sample of one trigger.
 * An appearance opens on the first matching sample and closes after `exitSamples` consecutive
 * non-matching samples, at a cut whose first sample does not match, when it reaches
 * `maxClipSeconds` (a cat that never leaves still gets clips), or when the timeline breaks
 * (gap or reset), since a clip cannot span missing or unrelated media.
 * The state is a plain object so the store can persist it between parse runs.
 */
import {
  appearanceId as storeAppearanceId,
  type AppearanceCloseReason,
  type AppearanceState,
  type FrameRef,
  type OpenAppearance,
  type SamplePoint,
} from '@catfinder/store';

// The persisted shapes (frame reference, sample point, appearance state) are libs/store's.
export type { AppearanceState, FrameRef, OpenAppearance, SamplePoint };

/** One sample as the appearance machine sees it. */
export interface SampleOutcome {
  readonly frame: FrameRef;
  /** Absolute time of the frame, epoch ms. */
  readonly time: number;
  readonly isCut: boolean;
  readonly matched: boolean;
  /** Confidence of the watched label on this sample, null when absent. */
  readonly confidence: number | null;
}

export type CloseReason = AppearanceCloseReason;

export interface ClosedAppearance extends Omit<OpenAppearance, 'status'> {
  readonly status: 'closed';
  readonly reason: CloseReason;
  /** The sample that closed it (absent when a gap or reset closed it). */
  readonly closedBy?: SamplePoint;
}

export type AppearanceEvent =
  | { readonly type: 'opened'; readonly appearance: OpenAppearance }
  | { readonly type: 'closed'; readonly appearance: ClosedAppearance };

export interface AppearanceOptions {
  readonly channel: string;
  readonly label: string;
  readonly exitSamples: number;
  readonly maxClipSeconds: number;
}

export const IDLE: AppearanceState = { status: 'idle' };

/**
 * Deterministic id (libs/store's rule): the same first matching sample always names the same
 * appearance, so a retried run cannot create a second one, and the store's records, the feeds and
 * prekog all use one id.
 */
export function appearanceId(channel: string, label: string, first: SamplePoint): string {
  return storeAppearanceId(channel, label, {
    time: first.time,
    mediaSequence: first.frame.mediaSequence,
    index: first.frame.index,
  });
}

function close(open: OpenAppearance, reason: CloseReason, closedBy?: SamplePoint): ClosedAppearance {
  return { ...open, status: 'closed', reason, ...(closedBy ? { closedBy } : {}) };
}

function point(s: SampleOutcome): SamplePoint {
  return { frame: s.frame, time: s.time };
}

function openWith(s: SampleOutcome, opts: AppearanceOptions): OpenAppearance {
  return {
    status: 'open',
    id: appearanceId(opts.channel, opts.label, point(s)),
    channel: opts.channel,
    label: opts.label,
    firstMatch: point(s),
    lastMatch: point(s),
    misses: 0,
    detectorCalls: 1,
    maxConfidence: s.confidence ?? 0,
  };
}

/** Advances the machine by one sample; returns the new state and what happened. */
export function stepAppearance(
  state: AppearanceState,
  sample: SampleOutcome,
  opts: AppearanceOptions,
): { state: AppearanceState; events: AppearanceEvent[] } {
  const events: AppearanceEvent[] = [];
  let current = state;
  if (current.status === 'open' && sample.time - current.firstMatch.time >= opts.maxClipSeconds * 1000) {
    events.push({ type: 'closed', appearance: close(current, 'max-length', point(sample)) });
    current = IDLE;
  }
  if (current.status === 'idle') {
    if (!sample.matched) return { state: current, events };
    const opened = openWith(sample, opts);
    events.push({ type: 'opened', appearance: opened });
    return { state: opened, events };
  }
  const counted: OpenAppearance = { ...current, detectorCalls: current.detectorCalls + 1 };
  if (sample.matched) {
    const next: OpenAppearance = {
      ...counted,
      lastMatch: point(sample),
      misses: 0,
      maxConfidence: Math.max(counted.maxConfidence, sample.confidence ?? 0),
    };
    return { state: next, events };
  }
  if (sample.isCut) {
    events.push({ type: 'closed', appearance: close(counted, 'cut', point(sample)) });
    return { state: IDLE, events };
  }
  const misses = counted.misses + 1;
  if (misses >= opts.exitSamples) {
    events.push({ type: 'closed', appearance: close({ ...counted, misses }, 'exit-samples', point(sample)) });
    return { state: IDLE, events };
  }
  return { state: { ...counted, misses }, events };
}

/** Why a timeline ends with no closing sample: a gap, a playlist reset, or the playlist's end (`#EXT-X-ENDLIST`). */
export type TimelineEnd = 'gap' | 'reset' | 'ended';

/** A gap, a playlist reset or the playlist's end ends the timeline: an open appearance closes at its last match. */
export function interruptAppearance(
  state: AppearanceState,
  reason: TimelineEnd,
): { state: AppearanceState; events: AppearanceEvent[] } {
  if (state.status === 'idle') return { state, events: [] };
  return { state: IDLE, events: [{ type: 'closed', appearance: close(state, reason) }] };
}

/** Narrows an unknown persisted value back to a state (a corrupt record starts idle). */
export function isAppearanceState(value: unknown): value is AppearanceState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v['status'] === 'idle') return true;
  return (
    v['status'] === 'open' &&
    typeof v['id'] === 'string' &&
    typeof v['misses'] === 'number' &&
    typeof v['detectorCalls'] === 'number' &&
    typeof v['firstMatch'] === 'object' &&
    typeof v['lastMatch'] === 'object'
  );
}
