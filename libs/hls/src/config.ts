import { DEFAULT_MAX_LAG_SECONDS, DEFAULT_START_POSITION } from './constants';
import type { StartPosition } from './types';

/**
 * Read a start position (the `START` variable): `live` or `window`; unset or empty → `live`.
 * Throws a RangeError naming the variable and the accepted values.
 */
export function readStartPosition(value: string | undefined, name = 'START'): StartPosition {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '') return DEFAULT_START_POSITION;
  if (text === 'live' || text === 'window') return text;
  throw new RangeError(`${name} must be "live" or "window", got "${value}"`);
}

/**
 * Read a maximum lag in seconds (the `MAX_LAG_SECONDS` variable): a positive number; unset or
 * empty → 60. Throws a RangeError naming the variable.
 */
export function readMaxLagSeconds(value: string | undefined, name = 'MAX_LAG_SECONDS'): number {
  const text = (value ?? '').trim();
  if (text === '') return DEFAULT_MAX_LAG_SECONDS;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new RangeError(`${name} must be a positive number of seconds, got "${value}"`);
  return seconds;
}
