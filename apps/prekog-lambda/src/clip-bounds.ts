/**
 * Clip bounds of DESIGN.md, pure. The caller reads the samples around the appearance from the
 * frames table with two ordered queries (backward from the first match, forward from the last
 * match up to the closing sample) — the original's backward and forward "hops" as single reads.
 *
 * start: the cut that begins the scene holding the first matching sample, minus pre-roll.
 * end:   the frame before the first cut after the last matching sample, plus post-roll.
 * Where no cut is within `maxClipSeconds` of the match, the neighbouring samples bound it: the
 * frame after the previous sample / before the next sample (the cat may be visible up to there).
 * Only samples on the same contiguous run of recorded segments count: where the scene reaches a
 * break in the timeline (a gap, an encoder restart) with no cut or sample between, the bound is
 * the frame at the break (`break`) and the clip holds the scene only up to there.
 * An open appearance has provisional bounds ending at its last match.
 * Everything is in whole frames; the result is capped at `maxClipSeconds` from the start.
 */
import { BoundsError } from './errors';
import type { BoundSource, ClipBounds, SamplePoint, TimelineBreak } from '@catfinder/store';
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
  /**
   * A gap or an encoder restart closed it (no closing sample): `after` is every sample after the
   * last match, and without a cut or sample the scene ends at the break.
   */
  readonly closedByBreak?: TimelineBreak;
  /**
   * The playlist's end (`#EXT-X-ENDLIST`) closed it: as after a break, the scene runs to the last
   * recorded frame — but nothing cut it short (the stream simply ends), so no `cutShortBy`.
   */
  readonly closedByEnd?: boolean;
  /** Timeline epoch of the appearance's segments (a later epoch began with an encoder restart). @default 0 */
  readonly epoch?: number;
  readonly preRollSeconds: number;
  readonly postRollSeconds: number;
  readonly maxClipSeconds: number;
  readonly timeline: FrameTimeline;
}

// The bounds' type is libs/store's: provisional bounds are persisted on the appearance record.
export type { BoundSource, ClipBounds };

/**
 * A sample is on the recorded run only where its frame's time by the segment records agrees with
 * its own: after an encoder restart another epoch's sample can carry the same frame reference.
 */
const SAME_TIMELINE_MS = 1000;

export function computeClipBounds(raw: BoundsInput): ClipBounds {
  const { timeline } = raw;
  // A sample across a gap or from another timeline is not a neighbour of the match. (Samples up
  // to a closing sample are all on its run: one across a gap is missing data, an error below.)
  const onTimeline = (s: SamplePoint): boolean =>
    Math.abs((timeline.timeOf(s.frame) ?? Number.NaN) - s.time) < SAME_TIMELINE_MS;
  const contiguous = (from: SamplePoint, to: SamplePoint): boolean =>
    timeline.count(from.frame, to.frame) !== undefined;
  const input: BoundsInput = {
    ...raw,
    before: raw.before.filter((s) => onTimeline(s) && contiguous(s, raw.firstMatch)),
    after:
      raw.closedByBreak || raw.closedByEnd
        ? raw.after.filter((s) => onTimeline(s) && contiguous(raw.lastMatch, s))
        : raw.after,
  };
  const { start: matchStart, startBy } = sceneStart(input);
  const { end: matchEnd, endBy } = sceneEnd(input);
  const { start, end: rolledEnd, rate, rollClamped } = withRolls(input, matchStart, matchEnd);
  const { end, frameCount, capped } = capToMaxClip(input, start, rolledEnd, rate);
  const cutShortBy = cutShortByOf(raw, startBy, endBy, capped);
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
    ...(cutShortBy === undefined ? {} : { cutShortBy }),
  };
}

/**
 * Whether the clip holds its scene only on one side of a break (a clip shortened to
 * `maxClipSeconds` first is an ordinary capped clip):
 * - the scene ran into the gap or encoder restart that closed the appearance;
 * - the scene was in view where the recorded run begins: after a gap when a sample was taken
 *   across it, after an encoder restart when the run is a later epoch's first. The first frames a
 *   channel ever recorded (epoch 0, nothing sampled before) start a whole scene as far as anything
 *   recorded can tell.
 */
function cutShortByOf(
  raw: BoundsInput,
  startBy: BoundSource,
  endBy: BoundSource,
  capped: boolean,
): TimelineBreak | undefined {
  if (endBy === 'break' && !capped) return raw.closedByBreak;
  if (startBy !== 'break') return undefined;
  const reachMs = raw.maxClipSeconds * 1000;
  if (raw.before.some((s) => raw.firstMatch.time - s.time <= reachMs)) return 'gap';
  return (raw.epoch ?? 0) > 0 ? 'reset' : undefined;
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
  const runStart = toBreak(input, input.firstMatch.frame, -1);
  if (runStart) return { start: runStart, startBy: 'break' };
  return { start: input.firstMatch.frame, startBy: 'samples' };
}

/**
 * The first (direction -1) or last (+1) frame of the contiguous recorded run holding `from`, when
 * that edge is within `maxClipSeconds`: the timeline breaks there.
 */
function toBreak(input: BoundsInput, from: FrameRef, direction: -1 | 1): FrameRef | undefined {
  const rate = input.timeline.segment(from.mediaSequence)?.frameRate;
  if (rate === undefined) return undefined;
  const moved = input.timeline.shift(from, direction * Math.ceil(input.maxClipSeconds * rate));
  return moved.clamped ? moved.frame : undefined;
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
  const runEnd = input.closedByBreak || input.closedByEnd ? toBreak(input, input.lastMatch.frame, 1) : undefined;
  return runEnd ? { end: runEnd, endBy: 'break' } : lastMatch;
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
