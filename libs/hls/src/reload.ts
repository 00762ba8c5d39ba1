import { MIN_RELOAD_MS } from './constants';

/** Inputs of {@link computeReloadDelay}. */
export interface ReloadInput {
  /** Target duration of the last playlist, seconds. */
  readonly targetDuration: number;
  /** ms the last load took (time from starting the request to having parsed it). */
  readonly loadMs: number;
  /** Consecutive failed loads so far (0 after a success). */
  readonly failures: number;
}

/**
 * Delay before the next reload, ms. Rule (the issue's, within RFC 8216 §6.3.4 limits): about half
 * a target duration after the previous load *started* — whether or not it changed, because a
 * new segment can appear at any moment and the parse step wants it quickly; after failures, back
 * off doubling from half a target duration up to 4 target durations. Never below 100 ms.
 */
export function computeReloadDelay(input: ReloadInput): number {
  const half = (input.targetDuration * 1000) / 2;
  if (input.failures > 0) {
    return Math.max(MIN_RELOAD_MS, Math.min(half * 2 ** (input.failures - 1), input.targetDuration * 4000));
  }
  return Math.max(MIN_RELOAD_MS, half - Math.max(0, input.loadMs));
}
