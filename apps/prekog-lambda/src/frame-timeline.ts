/**
 * Frame arithmetic over consecutive segments of one timeline: "the frame before this cut",
 * "N frames earlier" across segment boundaries. Segments with missing neighbours end the
 * timeline, so a shift never walks into a gap.
 */
import type { FrameRef } from '@catfinder/store';

export type { FrameRef };

export interface TimelineSegment {
  readonly mediaSequence: number;
  /** Frames decoded from this segment. */
  readonly frameCount: number;
  /** Absolute start of the segment's first frame, epoch ms. */
  readonly startTime: number;
  readonly frameRate: number;
}

export class FrameTimeline {
  private readonly bySequence = new Map<number, TimelineSegment>();

  constructor(segments: readonly TimelineSegment[]) {
    for (const s of segments) if (s.frameCount > 0) this.bySequence.set(s.mediaSequence, s);
  }

  has(ref: FrameRef): boolean {
    const s = this.bySequence.get(ref.mediaSequence);
    return s !== undefined && ref.index >= 0 && ref.index < s.frameCount;
  }

  segment(mediaSequence: number): TimelineSegment | undefined {
    return this.bySequence.get(mediaSequence);
  }

  /**
   * Moves `frames` frames (negative: earlier). Stops at the edge of the known, contiguous
   * segments and says so with `clamped`.
   */
  shift(ref: FrameRef, frames: number): { frame: FrameRef; clamped: boolean } {
    let seq = ref.mediaSequence;
    let index = ref.index + frames;
    for (;;) {
      const s = this.bySequence.get(seq);
      if (!s) return { frame: ref, clamped: true };
      if (index < 0) {
        const prev = this.bySequence.get(seq - 1);
        if (!prev) return { frame: { mediaSequence: seq, index: 0 }, clamped: true };
        seq -= 1;
        index += prev.frameCount;
        continue;
      }
      if (index >= s.frameCount) {
        const next = this.bySequence.get(seq + 1);
        if (!next) return { frame: { mediaSequence: seq, index: s.frameCount - 1 }, clamped: true };
        index -= s.frameCount;
        seq += 1;
        continue;
      }
      return { frame: { mediaSequence: seq, index }, clamped: false };
    }
  }

  /** Frames from `a` to `b` inclusive; undefined if `b` is before `a` or they are not contiguous. */
  count(a: FrameRef, b: FrameRef): number | undefined {
    if (!this.has(a) || !this.has(b) || b.mediaSequence < a.mediaSequence) return undefined;
    let sum = 0;
    for (let seq = a.mediaSequence; seq < b.mediaSequence; seq++) {
      const s = this.bySequence.get(seq);
      if (!s) return undefined;
      sum += s.frameCount;
    }
    const n = sum - a.index + b.index + 1;
    return n > 0 ? n : undefined;
  }

  /** Absolute time of a frame (segment start + index / frame rate), epoch ms. */
  timeOf(ref: FrameRef): number | undefined {
    const s = this.bySequence.get(ref.mediaSequence);
    return s ? s.startTime + (ref.index * 1000) / s.frameRate : undefined;
  }
}
