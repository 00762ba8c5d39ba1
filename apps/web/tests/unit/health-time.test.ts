import { describe, expect, it } from 'vitest';
import { HEALTH_LIMITS, judgeHealth } from '../../src/health';
import { frameRangeText, frameText, localAndRelative, localTime, relativeTime } from '../../src/time';
import { position } from '../../src/render/timeline';
import { makeHealth } from '../helpers/fixtures-extra';

const NOW = Date.parse('2026-12-02T18:10:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('judgeHealth', () => {
  it.each([
    ['green when fresh', makeHealth('demo', NOW, 3), NOW, 'green', 'Running'],
    [
      'amber with recent errors',
      makeHealth('demo', NOW, 3, { errorsLast10Minutes: 2 }),
      NOW,
      'amber',
      '2 error(s) in the last 10 min',
    ],
    ['amber when behind live', makeHealth('demo', NOW, 3, { lagSeconds: 45 }), NOW, 'amber', 'Behind live: 45 s'],
    ['red far behind live', makeHealth('demo', NOW, 3, { lagSeconds: 300 }), NOW, 'red', 'Far behind live: 300 s'],
    ['red when no segment for 10 min', makeHealth('demo', NOW, 600), NOW, 'red', 'Stopped: last segment 600 s ago'],
    [
      'red before the first segment',
      makeHealth('demo', NOW, 0, { lastSegmentProcessedAt: null }),
      NOW,
      'red',
      'No segment processed yet',
    ],
    // The feed looks perfect but was written 5 minutes ago: its writer stopped.
    [
      'red when the report itself is stale',
      makeHealth('demo', NOW - 300_000, 2),
      NOW - 300_000,
      'red',
      'Stopped: no health report for 5 min',
    ],
  ])('%s', (_name, channel, generatedAt, level, reason) => {
    expect(judgeHealth(channel, iso(generatedAt), NOW)).toEqual({ level, reason });
  });

  it('turns amber before red as the report ages', () => {
    const at = (s: number) => judgeHealth(makeHealth('demo', NOW - s * 1000, 1), iso(NOW - s * 1000), NOW).level;
    expect([at(10), at(HEALTH_LIMITS.feedStaleAmber + 1), at(HEALTH_LIMITS.feedStaleRed + 1)]).toEqual([
      'green',
      'amber',
      'red',
    ]);
  });
});

describe('times for people', () => {
  it('says how long ago in words', () => {
    expect(relativeTime(iso(NOW - 2 * 60_000), NOW)).toBe('2 min. ago');
    expect(relativeTime(iso(NOW - 2_000), NOW)).toBe('just now');
    expect(relativeTime(iso(NOW - 3 * 86_400_000), NOW)).toBe('3 days ago');
  });

  it('names the time zone, and the date only when not today', () => {
    expect(localTime(iso(NOW - 60_000), NOW)).toMatch(/^\d{1,2}:\d{2}:\d{2}\s?(AM|PM)? \S+$/);
    expect(localTime(iso(NOW - 3 * 86_400_000), NOW)).toMatch(/2026/);
  });

  it("shows a scanned file's times (counted from 1970-01-01) as media positions, not 20,000 days ago", () => {
    const scanned = '1970-01-01T00:00:01.500Z';
    expect(relativeTime(scanned, NOW)).toBe('00:00:01.500 media time');
    expect(localTime(scanned, NOW)).toBe('00:00:01.500 media time');
    expect(localAndRelative('1970-01-02T01:02:03.004Z', NOW)).toBe('25:02:03.004 media time');
    // A wall-clock time is unaffected.
    expect(localAndRelative(iso(NOW - 60_000), NOW)).toMatch(/ · 1 min\. ago$/);
  });

  it("shows a scanned file's frame labels as positions with their frame, a live channel's as UTC labels", () => {
    expect(frameText('1970-01-01 00:00:03;07')).toBe('00:00:03;07 media time');
    expect(frameText('1970-01-02 01:02:03;120')).toBe('25:02:03;120 media time');
    expect(frameText('2026-12-02 18:10:00;12')).toBe('2026-12-02 18:10:00;12 UTC');
    expect(frameRangeText('1970-01-01 00:00:03;00', '1970-01-01 00:00:06;24')).toBe(
      '00:00:03;00 → 00:00:06;24 media time',
    );
    expect(frameRangeText('2026-12-02 18:10:00;12', '2026-12-02 18:10:04;00')).toBe(
      '2026-12-02 18:10:00;12 → 2026-12-02 18:10:04;00 UTC',
    );
  });

  it('places times on the 30-minute timeline', () => {
    expect(position(iso(NOW), NOW)).toBe(0);
    expect(position(iso(NOW + 15 * 60_000), NOW)).toBe(50);
    expect(position(iso(NOW + 31 * 60_000), NOW)).toBeUndefined();
  });
});
