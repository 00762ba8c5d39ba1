/**
 * health.json while parse is stuck: the lag is DESIGN.md's (the feed's time minus the media end of
 * the last processed segment), so it grows with every rewrite instead of keeping the last good figure.
 */
import { describe, expect, it } from 'vitest';
import { buildHealthFeed, emptyHealthState } from '../src/index';

const T0 = Date.UTC(2026, 11, 6, 7, 0, 0);

describe('health.json lag', () => {
  const processed = {
    ...emptyHealthState('demo'),
    lastSegmentSequence: 42,
    lastSegmentProcessedAt: T0,
    lastSegmentEndTime: T0 - 1800,
    segments: Array.from({ length: 14 }, (_, i): [number, number, number] => [T0 - i * 4000, 1, 0]),
  };

  it('is the lag at the feed time: 1.8 s right after the segment, 181.8 s three minutes later with nothing processed', () => {
    expect(buildHealthFeed([processed], T0).channels[0]).toMatchObject({ lagSeconds: 1.8 });
    const stuck = buildHealthFeed([processed], T0 + 3 * 60_000).channels[0]!;
    expect(stuck.lagSeconds).toBe(181.8);
  });

  it('stays unknown before any segment', () => {
    expect(buildHealthFeed([emptyHealthState('idle')], T0).channels[0]!.lagSeconds).toBeNull();
  });
});
