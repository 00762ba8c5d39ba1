/**
 * Clip bounds of DESIGN.md, pure. The caller reads the samples around the appearance from the
 * frames table with two ordered queries (backward from the first match, forward from the last
 * match up to the closing sample) — the original's backward and forward "hops" as single reads.
 *
 * start: the cut that begins the scene holding the first matching sample, minus pre-roll.
 * end:   the frame before the first cut after the last matching sample, plus post-roll.
 * Where no cut is within `maxClipSeconds` of the match, the neighbouring samples bound it: the
 * frame after the previous sample / before the next sample (the cat may be visible up to there).
 * An open appearance has provisional bounds ending at its last match.
 * Everything is in whole frames; the result is capped at `maxClipSeconds` from the start.
 */
import { BoundsError } from './errors';
import type { BoundSource, ClipBounds, SamplePoint } from '@catfinder/store';
import type { FrameRef, FrameTimeline } from './frame-timeline';

export type { SamplePoint };

export interface SampleRow extends SamplePoint {
  readonly isCut: boolean;
  /** Sample JPEG key (site-root relative), for the clip's scene thumbnails. */
  readonly imageKey?: string;
}

export interface BoundsInput {
  readonly appearanceId: string;
  readonly firstMatch: SampleRow;
  readonly lastMatch: SamplePoint;
  /** Samples before the first match, newest first. */
  readonly before: readonly SampleRow[];
  /** Samples after the last match, oldest first, up to and including the closing sample. */
  readonly after: readonly SampleRow[];
  /** Still open: bounds are provisional and end at the last match. */
  readonly open: boolean;
  readonly preRollSeconds: number;
  readonly postRollSeconds: number;
  readonly maxClipSeconds: number;
  readonly timeline: FrameTimeline;
}

// The bounds' type is libs/store's: provisional bounds are persisted on the appearance record.
export type { BoundSource, ClipBounds };

export function computeClipBounds(input: BoundsInput): ClipBounds {
  const { timeline } = input;
  const { start: matchStart, startBy } = sceneStart(input);
  const { end: matchEnd, endBy } = sceneEnd(input);
  const { start, end: rolledEnd, rate, rollClamped } = withRolls(input, matchStart, matchEnd);
  const { end, frameCount, capped } = capToMaxClip(input, start, rolledEnd, rate);
  return {
    start,
    end,
    startTime: timeline.timeOf(start)!,
    endTime: timeline.timeOf(end)!,
    frameCount,
    frameRate: rate,
    provisional: input.open,
    startBy,
    endBy,
    capped,
    rollClamped,
  };
}

/** Shifts `ref` by whole frames; a bound that would leave the recorded segments is an error, not a clamp. */
function strictShift(input: BoundsInput, ref: FrameRef, frames: number, what: string): FrameRef {
  const moved = input.timeline.shift(ref, frames);
  if (moved.clamped) {
    throw new BoundsError(
      input.appearanceId,
      `${what}: segment records around ${ref.mediaSequence}/${ref.index} are missing`,
    );
  }
  return moved.frame;
}

/** First frame of the scene holding the first match: its cut, else the frame after the previous sample. */
function sceneStart(input: BoundsInput): { start: FrameRef; startBy: BoundSource } {
  const reachMs = input.maxClipSeconds * 1000;
  if (input.firstMatch.isCut) return { start: input.firstMatch.frame, startBy: 'cut' };
  const cut = input.before.find((s) => s.isCut && input.firstMatch.time - s.time <= reachMs);
  if (cut) return { start: cut.frame, startBy: 'cut' };
  const previous = input.before[0];
  if (previous && input.firstMatch.time - previous.time <= reachMs) {
    return { start: strictShift(input, previous.frame, 1, 'frame after the previous sample'), startBy: 'samples' };
  }
  return { start: input.firstMatch.frame, startBy: 'samples' };
}

/** Last frame of the scene holding the last match; an open appearance ends provisionally at its last match. */
function sceneEnd(input: BoundsInput): { end: FrameRef; endBy: BoundSource } {
  const lastMatch = { end: input.lastMatch.frame, endBy: 'last-match' as const };
  if (input.open) return lastMatch;
  const reachMs = input.maxClipSeconds * 1000;
  const near = input.after.filter((s) => s.time - input.lastMatch.time <= reachMs);
  const cut = near.find((s) => s.isCut);
  if (cut) return { end: strictShift(input, cut.frame, -1, 'frame before the closing cut'), endBy: 'cut' };
  const next = near[0];
  if (next) return { end: strictShift(input, next.frame, -1, 'frame before the next sample'), endBy: 'samples' };
  return lastMatch;
}

/** Adds pre- and post-roll in whole frames at the start segment's rate; rolls clamp at the recorded segments. */
function withRolls(
  input: BoundsInput,
  start: FrameRef,
  end: FrameRef,
): { start: FrameRef; end: FrameRef; rate: number; rollClamped: boolean } {
  const { timeline } = input;
  const rate = timeline.segment(start.mediaSequence)?.frameRate;
  if (rate === undefined || !timeline.has(start) || !timeline.has(end)) {
    throw new BoundsError(
      input.appearanceId,
      `no segment record for the bound frames ${start.mediaSequence}/${start.index}..${end.mediaSequence}/${end.index}`,
    );
  }
  const pre = timeline.shift(start, -Math.round(input.preRollSeconds * rate));
  const post = timeline.shift(end, Math.round(input.postRollSeconds * rate));
  const rollClamped = (input.preRollSeconds > 0 && pre.clamped) || (input.postRollSeconds > 0 && post.clamped);
  return { start: pre.frame, end: post.frame, rate, rollClamped };
}

/** Counts the frames of start..end and cuts the end so the clip is at most `maxClipSeconds` long. */
function capToMaxClip(
  input: BoundsInput,
  start: FrameRef,
  end: FrameRef,
  rate: number,
): { end: FrameRef; frameCount: number; capped: boolean } {
  const { timeline } = input;
  const frameCount = timeline.count(start, end);
  if (frameCount === undefined) {
    throw new BoundsError(
      input.appearanceId,
      `bounds ${start.mediaSequence}/${start.index}..${end.mediaSequence}/${end.index} are not one contiguous run of recorded segments`,
    );
  }
  const maxFrames = Math.max(1, Math.floor(input.maxClipSeconds * rate));
  if (frameCount <= maxFrames) return { end, frameCount, capped: false };
  return { end: timeline.shift(start, maxFrames - 1).frame, frameCount: maxFrames, capped: true };
}
