/**
 * The frame-accurate cut, as the built-in clipper needs it. The default implementation is
 * `@catfinder/media`'s smart cut (adapted in `media-cutter.ts`); the type lets tests and
 * benchmarks see exactly what the clipper asks of it.
 */
import type { ClipMethod, ClipVerification } from '../types';

export interface CutInput {
  /** Local segment files, contiguous, in order. */
  segments: { path: string; mediaSequence: number }[];
  first: { mediaSequence: number; index: number };
  last: { mediaSequence: number; index: number };
  outputPath: string;
  posterPath: string;
  /** Frames per second of the source (for the duration). */
  frameRate: number;
  timeoutMs: number;
}

export interface CutOutcome {
  method: ClipMethod;
  frameCount: number;
  durationSeconds: number;
  verification: ClipVerification;
  /** Milliseconds per cutter stage, for benchmarks and logs (names are the cutter's own). */
  stageMs?: Record<string, number>;
}

export type ClipCutter = (input: CutInput) => Promise<CutOutcome>;
