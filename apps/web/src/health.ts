/**
 * Green / amber / red per channel, from feeds/health.json and the age of the feed itself. The
 * feed is a heartbeat: parse rewrites it after every segment and at the end of every run, so a
 * stale `generatedAt` means the writer stopped even though the last figures still look fine.
 */
import type { HealthChannel } from './types';

export type HealthLevel = 'green' | 'amber' | 'red';

/** Thresholds (seconds). A segment is 2–6 s; a parse run is rescheduled every minute. */
export const HEALTH_LIMITS = {
  /** health.json older than this: the pipeline has stopped (red). */
  feedStaleRed: 180,
  /** health.json older than this: late (amber). */
  feedStaleAmber: 60,
  /** No segment processed for this long: stopped (red). */
  segmentStaleRed: 120,
  segmentStaleAmber: 30,
  /** Lag behind live (media end → processed). */
  lagRed: 120,
  lagAmber: 30,
} as const;

export interface HealthVerdict {
  level: HealthLevel;
  /** One line a person can act on. */
  reason: string;
}

const age = (iso: string | null, now: number): number | undefined =>
  iso === null ? undefined : (now - Date.parse(iso)) / 1000;

/** The channel's state at `now` (epoch ms), judged with the feed's own `generatedAt`. */
export function judgeHealth(channel: HealthChannel, generatedAt: string, now: number): HealthVerdict {
  const L = HEALTH_LIMITS;
  const feedAge = age(generatedAt, now) ?? Infinity;
  const segmentAge = age(channel.lastSegmentProcessedAt, now);
  const lag = channel.lagSeconds;
  if (feedAge > L.feedStaleRed)
    return { level: 'red', reason: `Stopped: no health report for ${Math.round(feedAge / 60)} min` };
  if (segmentAge === undefined) return { level: 'red', reason: 'No segment processed yet' };
  if (segmentAge > L.segmentStaleRed)
    return { level: 'red', reason: `Stopped: last segment ${Math.round(segmentAge)} s ago` };
  if (lag !== null && lag > L.lagRed) return { level: 'red', reason: `Far behind live: ${Math.round(lag)} s` };
  if (channel.errorsLast10Minutes > 0)
    return { level: 'amber', reason: `${channel.errorsLast10Minutes} error(s) in the last 10 min` };
  if (feedAge > L.feedStaleAmber) return { level: 'amber', reason: `Health report ${Math.round(feedAge)} s old` };
  if (segmentAge > L.segmentStaleAmber)
    return { level: 'amber', reason: `Last segment ${Math.round(segmentAge)} s ago` };
  if (lag !== null && lag > L.lagAmber) return { level: 'amber', reason: `Behind live: ${Math.round(lag)} s` };
  return { level: 'green', reason: 'Running' };
}
