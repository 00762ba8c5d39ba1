import { describe, expect, it } from 'vitest';
import {
  computeReloadDelay,
  DEFAULT_MAX_LAG_SECONDS,
  DEFAULT_START_POSITION,
  holdBackSeconds,
  HostPolicy,
  liveEdgeIndex,
  parseDateTime,
  parseHostList,
  readMaxLagSeconds,
  readStartPosition,
  safeSegmentExtension,
  segmentStorageName,
} from '../src/index';

describe('computeReloadDelay', () => {
  it.each([
    [{ targetDuration: 2, loadMs: 0, failures: 0 }, 1000],
    [{ targetDuration: 2, loadMs: 300, failures: 0 }, 700],
    [{ targetDuration: 2, loadMs: 5000, failures: 0 }, 100],
    [{ targetDuration: 6, loadMs: 0, failures: 1 }, 3000],
    [{ targetDuration: 6, loadMs: 0, failures: 3 }, 12000],
    [{ targetDuration: 6, loadMs: 0, failures: 10 }, 24000],
  ])('%o → %d ms', (input, expected) => {
    expect(computeReloadDelay(input)).toBe(expected);
  });
});

describe('parseDateTime', () => {
  it.each([
    ['2026-11-26T17:32:23.000+0000', Date.UTC(2026, 10, 26, 17, 32, 23), true],
    ['2026-11-26T17:32:23.5Z', Date.UTC(2026, 10, 26, 17, 32, 23, 500), true],
    ['2026-11-26T19:32:23.123+02:00', Date.UTC(2026, 10, 26, 17, 32, 23, 123), true],
    ['2026-11-26T12:32:23-05', Date.UTC(2026, 10, 26, 17, 32, 23), true],
    ['2026-11-26T17:32:23', Date.UTC(2026, 10, 26, 17, 32, 23), false],
  ])('%s', (text, ms, hasZone) => {
    expect(parseDateTime(text)).toEqual({ ms, hasZone });
  });
  it.each(['', 'yesterday', '2026-02-31T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-26 17:32:23Z'])(
    'rejects %j',
    (text) => {
      expect(parseDateTime(text)).toBeUndefined();
    },
  );
});

describe('HostPolicy', () => {
  const policy = new HostPolicy('http://127.0.0.1:8080/live/master.m3u8', [
    'cdn.example.com',
    '*.akamai.net',
    '10.0.0.1:9000',
  ]);
  it.each([
    ['http://127.0.0.1:8080/seg.ts', true],
    ['http://127.0.0.1:8081/seg.ts', false],
    ['https://cdn.example.com/seg.ts', true],
    ['https://a.b.akamai.net/seg.ts', true],
    ['https://evil-akamai.net/seg.ts', false],
    ['http://10.0.0.1:9000/x', true],
    ['http://10.0.0.1/x', false],
    ['http://169.254.169.254/latest/meta-data', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(policy.allows(url)).toBe(allowed);
  });
});

describe('safeSegmentExtension', () => {
  it.each([
    ['http://h/a/seg_1.ts', 'ts'],
    ['http://h/a/seg.M4S?x=y', 'm4s'],
    ['http://h/a/../../etc/passwd', 'bin'],
    ['http://h/a/x.ts%2F..%2F..%2Fkey', 'bin'],
    ['http://h/a/noext', 'bin'],
  ])('%s → %s', (uri, ext) => {
    expect(safeSegmentExtension(uri)).toBe(ext);
  });
});

describe('segmentStorageName', () => {
  it('uses only the sequence number and a whitelisted extension', () => {
    expect(segmentStorageName({ mediaSequence: 1042, uri: 'http://h/live/seg_1042.ts' })).toBe('1042.ts');
    expect(segmentStorageName({ mediaSequence: 7, uri: 'http://h/../../../etc/passwd' })).toBe('7.bin');
  });
  it('rejects a sequence that is not a non-negative integer', () => {
    expect(() => segmentStorageName({ mediaSequence: -1, uri: 'http://h/a.ts' })).toThrow(
      /non-negative integer, got -1/,
    );
    expect(() => segmentStorageName({ mediaSequence: 1.5, uri: 'http://h/a.ts' })).toThrow(RangeError);
  });
});

describe('parseHostList', () => {
  it('splits and trims ALLOWED_HOSTS', () => {
    expect(parseHostList(' cdn.example.com, *.akamai.net ,,')).toEqual(['cdn.example.com', '*.akamai.net']);
    expect(parseHostList(undefined)).toEqual([]);
  });
});

describe('liveEdgeIndex / holdBackSeconds', () => {
  const twos = (n: number): { duration: number }[] => Array.from({ length: n }, () => ({ duration: 2 }));
  it.each([
    [twos(10), 6, 7],
    [twos(10), 5, 7],
    [twos(10), 3.5, 8],
    [twos(3), 6, 0],
    [twos(2), 6, 0],
    [[], 6, -1],
    [[{ duration: 10 }, { duration: 1 }, { duration: 1 }], 6, 0],
  ])('%j with hold-back %d s → %d', (segments, holdBack, expected) => {
    expect(liveEdgeIndex(segments, holdBack)).toBe(expected);
  });
  it('is HOLD-BACK when set, else 3 target durations', () => {
    expect(holdBackSeconds({ targetDuration: 4 })).toBe(12);
    expect(holdBackSeconds({ targetDuration: 4, holdBack: 9 })).toBe(9);
  });
});

describe('readStartPosition / readMaxLagSeconds', () => {
  it('default when unset or empty, and read valid values', () => {
    expect([readStartPosition(undefined), readStartPosition(''), readStartPosition(' Window ')]).toEqual([
      DEFAULT_START_POSITION,
      'live',
      'window',
    ]);
    expect([readMaxLagSeconds(undefined), readMaxLagSeconds('90'), readMaxLagSeconds('0.5')]).toEqual([
      DEFAULT_MAX_LAG_SECONDS,
      90,
      0.5,
    ]);
  });
  it('reject bad values naming the variable', () => {
    expect(() => readStartPosition('oldest')).toThrow('START must be "live" or "window", got "oldest"');
    expect(() => readMaxLagSeconds('-1')).toThrow('MAX_LAG_SECONDS must be a positive number of seconds, got "-1"');
    expect(() => readMaxLagSeconds('abc', 'LAG')).toThrow(/^LAG must be/);
  });
});
