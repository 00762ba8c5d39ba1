import { describe, expect, it } from 'vitest';
import { parseMediaPlaylist, PlaylistParseError } from '../src/index';

const URL_ = 'http://127.0.0.1:9000/live/media.m3u8';

function expectParseError(text: string, code: string): PlaylistParseError {
  try {
    parseMediaPlaylist(text, URL_);
  } catch (error) {
    expect(error).toBeInstanceOf(PlaylistParseError);
    const e = error as PlaylistParseError;
    expect(e.code).toBe(code);
    expect(e.message).toContain(URL_);
    return e;
  }
  throw new Error(`expected a ${code} error`);
}

describe('parseMediaPlaylist', () => {
  it('reads ffmpeg live output: sequence, durations, absolute URIs, PDT after EXTINF, +0000 zone', () => {
    const text = [
      '#EXTM3U',
      '#EXT-X-VERSION:6',
      '#EXT-X-TARGETDURATION:2',
      '#EXT-X-MEDIA-SEQUENCE:41',
      '#EXT-X-INDEPENDENT-SEGMENTS',
      '#EXTINF:2.000000,',
      '#EXT-X-PROGRAM-DATE-TIME:2026-11-26T17:32:23.000+0000',
      'seg_41.ts',
      '#EXTINF:2.000000,',
      '#EXT-X-PROGRAM-DATE-TIME:2026-11-26T17:32:25.000+0000',
      'seg_42.ts',
      '',
    ].join('\n');
    const p = parseMediaPlaylist(text, URL_);
    expect(p.targetDuration).toBe(2);
    expect(p.independentSegments).toBe(true);
    expect(p.endList).toBe(false);
    expect(p.problems).toEqual([]);
    expect(p.segments.map((s) => [s.mediaSequence, s.uri, s.duration, s.startTime, s.clock])).toEqual([
      [41, 'http://127.0.0.1:9000/live/seg_41.ts', 2, Date.UTC(2026, 10, 26, 17, 32, 23), 'program-date-time'],
      [42, 'http://127.0.0.1:9000/live/seg_42.ts', 2, Date.UTC(2026, 10, 26, 17, 32, 25), 'program-date-time'],
    ]);
  });

  it('carries a PDT forward and backward by durations within a timeline, re-anchoring at each PDT', () => {
    const text = `#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:3.5,\na.ts\n#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:10.000Z\n#EXTINF:4,\nb.ts\n#EXTINF:4,\nc.ts\n#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:18.123Z\n#EXTINF:4,\nd.ts\n`;
    const t0 = Date.UTC(2026, 0, 1);
    const p = parseMediaPlaylist(text, URL_);
    expect(p.segments.map((s) => s.startTime - t0)).toEqual([6500, 10000, 14000, 18123]);
    expect(p.segments.every((s) => s.clock === 'program-date-time')).toBe(true);
  });

  it('estimates start times from receivedAt when the playlist has no PDT at all, counting discontinuities', () => {
    const text = `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:7\n#EXT-X-DISCONTINUITY-SEQUENCE:3\n#EXTINF:2,\na.ts\n#EXTINF:1.5,\nb.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2,\nc.ts\n`;
    const p = parseMediaPlaylist(text, URL_, { receivedAt: 1_000_000 });
    expect(
      p.segments.map((s) => [s.mediaSequence, s.discontinuitySequence, s.discontinuity, s.clock, s.startTime]),
    ).toEqual([
      [7, 3, false, 'estimated', 1_000_000],
      [8, 3, false, 'estimated', 1_002_000],
      [9, 4, true, 'estimated', 1_003_500],
    ]);
  });

  it('extrapolates a later PDT backward across a discontinuity, as players do (exact, not estimated)', () => {
    const text = `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:7\n#EXT-X-DISCONTINUITY-SEQUENCE:3\n#EXTINF:2,\na.ts\n#EXTINF:1.5,\nb.ts\n#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00Z\n#EXTINF:2,\nc.ts\n`;
    const p = parseMediaPlaylist(text, URL_, { receivedAt: 1_000_000 });
    const t0 = Date.UTC(2026, 0, 1);
    expect(
      p.segments.map((s) => [s.mediaSequence, s.discontinuitySequence, s.discontinuity, s.clock, s.startTime]),
    ).toEqual([
      [7, 3, false, 'program-date-time', t0 - 3500],
      [8, 3, false, 'program-date-time', t0 - 1500],
      [9, 4, true, 'program-date-time', t0],
    ]);
  });

  it('reads byte ranges (implicit offsets continue the previous range) and EXT-X-MAP init sections', () => {
    const text = `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI="init.mp4",BYTERANGE="720@0"\n#EXTINF:2,\n#EXT-X-BYTERANGE:1000@720\nall.mp4\n#EXTINF:2,\n#EXT-X-BYTERANGE:500\nall.mp4\n#EXT-X-ENDLIST\n`;
    const p = parseMediaPlaylist(text, URL_);
    expect(p.endList).toBe(true);
    expect(p.segments.map((s) => s.byteRange)).toEqual([
      { offset: 720, length: 1000 },
      { offset: 1720, length: 500 },
    ]);
    expect(p.segments[0]!.map).toEqual({
      uri: 'http://127.0.0.1:9000/live/init.mp4',
      byteRange: { offset: 0, length: 720 },
    });
    expect(p.problems).toEqual([]);
  });

  it('resolves relative, root-relative, dot-dot and absolute URIs against the playlist URL', () => {
    const text = `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nsub/a.ts?x=1\n#EXTINF:2,\n/root/b.ts\n#EXTINF:2,\n../../../c.ts\n#EXTINF:2,\nhttps://cdn.example.com/d.ts\n`;
    expect(parseMediaPlaylist(text, `${URL_}?token=abc`).segments.map((s) => s.uri)).toEqual([
      'http://127.0.0.1:9000/live/sub/a.ts?x=1',
      'http://127.0.0.1:9000/root/b.ts',
      'http://127.0.0.1:9000/c.ts',
      'https://cdn.example.com/d.ts',
    ]);
  });

  it('reports survivable problems as data', () => {
    const text = `#EXTM3U\n#EXTINF:5,\na.ts\n#EXT-X-PROGRAM-DATE-TIME:yesterday\n#EXTINF:5,\na.ts\n#EXT-X-KEY:METHOD=AES-128,URI="k"\n`;
    const p = parseMediaPlaylist(text, URL_);
    expect(p.targetDuration).toBe(5);
    expect(p.problems.map((x) => x.code).sort()).toEqual([
      'bad-program-date-time',
      'duplicate-uri',
      'encrypted',
      'missing-target-duration',
    ]);
  });

  it('flags a segment longer than the target duration', () => {
    const p = parseMediaPlaylist(`#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:3.2,\na.ts\n`, URL_);
    expect(p.problems.map((x) => x.code)).toEqual(['duration-exceeds-target']);
  });

  it.each([
    ['', 'empty'],
    ['#EXTINF:2,\na.ts\n', 'missing-extm3u'],
    ['#EXTM3U\n#EXTINF:-2,\na.ts\n', 'bad-duration'],
    ['#EXTM3U\n#EXTINF:NaN,\na.ts\n', 'bad-duration'],
    ['#EXTM3U\n#EXTINF:1e400,\na.ts\n', 'bad-duration'],
    ['#EXTM3U\n#EXT-X-TARGETDURATION:999999\n', 'bad-target-duration'],
    ['#EXTM3U\n#EXT-X-TARGETDURATION:0\n', 'bad-target-duration'],
    ['#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-TARGETDURATION:4\n', 'duplicate-tag'],
    ['#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-MEDIA-SEQUENCE:1\n', 'duplicate-tag'],
    ['#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:-4\n', 'bad-media-sequence'],
    ['#EXTM3U\n#EXTINF:2,\na.ts\n#EXT-X-MEDIA-SEQUENCE:4\n', 'bad-media-sequence'],
    ['#EXTM3U\n#EXTINF:2,\n#EXT-X-BYTERANGE:abc\na.ts\n', 'bad-byterange'],
    ['#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n', 'not-media'],
    ['#EXTM3U\n\u0000\u0001\u0002binary', 'binary'],
    ['#EXTM3U\n#EXTINF:2,\nhttp://[::1\n', 'bad-uri'],
  ])('rejects %j with %s', (text, code) => {
    expectParseError(text, code);
  });

  it('rejects a huge playlist and too many segments without reading them all', () => {
    const big = `#EXTM3U\n${'#EXT-X-FOO\n'.repeat(1000)}`;
    expect(() => parseMediaPlaylist(big, URL_, { maxBytes: 1000 })).toThrow(/larger than 1000 bytes/);
    const many = `#EXTM3U\n#EXT-X-TARGETDURATION:1\n${'#EXTINF:1,\na.ts\n'.repeat(20)}`;
    expect(() => parseMediaPlaylist(many, URL_, { maxSegments: 10 })).toThrow(/more than 10 segments/);
  });

  it('names the line of the problem', () => {
    const e = expectParseError('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:abc,\na.ts\n', 'bad-duration');
    expect(e.line).toBe(3);
    expect(e.message).toBe(`invalid playlist ${URL_} line 3: segment duration "abc" is not a non-negative number`);
  });
});
