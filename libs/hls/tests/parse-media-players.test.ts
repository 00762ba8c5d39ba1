/**
 * Playlists mainstream players (hls.js, video.js) accept: we must read the same segment numbering,
 * durations, byte ranges, init sections and times — and where we deliberately differ, report a
 * typed problem. Fixtures are our own, written from RFC 8216bis and the players' documented behaviour.
 */
import { describe, expect, it } from 'vitest';
import { parseMasterPlaylist, parseMediaPlaylist, type MediaPlaylist } from '../src/index';

const URL_ = 'http://127.0.0.1:9000/live/media.m3u8';
const T0 = Date.UTC(2026, 0, 1);
const iso = (ms: number): string => new Date(ms).toISOString();

const codes = (p: MediaPlaylist): string[] => p.problems.map((x) => x.code);
const playlist = (...lines: string[]): string => `#EXTM3U\n${lines.join('\n')}\n`;

describe('EXT-X-SKIP (playlist delta updates)', () => {
  it('numbers the segments after SKIPPED-SEGMENTS from MEDIA-SEQUENCE + skipped, and reports the skip', () => {
    const text = playlist(
      '#EXT-X-VERSION:9',
      '#EXT-X-TARGETDURATION:4',
      '#EXT-X-SERVER-CONTROL:CAN-SKIP-UNTIL=24',
      '#EXT-X-MEDIA-SEQUENCE:100',
      '#EXT-X-SKIP:SKIPPED-SEGMENTS=3',
      '#EXTINF:4,',
      'seg103.ts',
      '#EXTINF:4,',
      'seg104.ts',
    );
    const p = parseMediaPlaylist(text, URL_);
    expect(p.mediaSequence).toBe(100);
    expect(p.skippedSegments).toBe(3);
    expect(p.segments.map((s) => [s.mediaSequence, s.uri.split('/').pop()])).toEqual([
      [103, 'seg103.ts'],
      [104, 'seg104.ts'],
    ]);
    expect(codes(p)).toEqual(['skipped-segments']);
  });

  it('accepts a URI without #EXTINF after a skip as a zero-length segment (as hls.js does), numbered in order, with a problem', () => {
    const text = playlist(
      '#EXT-X-TARGETDURATION:4',
      '#EXT-X-MEDIA-SEQUENCE:10',
      '#EXT-X-SKIP:SKIPPED-SEGMENTS=2',
      'seg12.ts',
      '#EXTINF:4,',
      'seg13.ts',
    );
    const p = parseMediaPlaylist(text, URL_);
    expect(p.segments.map((s) => [s.mediaSequence, s.duration])).toEqual([
      [12, 0],
      [13, 4],
    ]);
    expect(codes(p)).toEqual(['skipped-segments', 'uri-without-extinf']);
  });
});

describe('EXT-X-DEFINE in media playlists', () => {
  it('substitutes NAME/VALUE variables in URI lines and in EXT-X-MAP URI and BYTERANGE', () => {
    const text = playlist(
      '#EXT-X-VERSION:8',
      '#EXT-X-TARGETDURATION:2',
      '#EXT-X-DEFINE:NAME="path",VALUE="v720"',
      '#EXT-X-DEFINE:NAME="token",VALUE="abc123"',
      '#EXT-X-DEFINE:NAME="init-bytes",VALUE="720@0"',
      '#EXT-X-MAP:URI="{$path}/init.mp4",BYTERANGE="{$init-bytes}"',
      '#EXTINF:2,',
      '{$path}/seg1.m4s?t={$token}',
    );
    const p = parseMediaPlaylist(text, URL_);
    expect(p.problems).toEqual([]);
    expect(p.segments[0]!.uri).toBe('http://127.0.0.1:9000/live/v720/seg1.m4s?t=abc123');
    expect(p.segments[0]!.map).toEqual({
      uri: 'http://127.0.0.1:9000/live/v720/init.mp4',
      byteRange: { offset: 0, length: 720 },
    });
  });

  it('takes QUERYPARAM values from the playlist URL and IMPORT values from the multivariant playlist', () => {
    const master = parseMasterPlaylist(
      '#EXTM3U\n#EXT-X-DEFINE:NAME="cdn",VALUE="https://cdn.example.com"\n#EXT-X-STREAM-INF:BANDWIDTH=1\n{$cdn}/media.m3u8\n',
      'http://127.0.0.1:9000/live/master.m3u8',
    );
    expect(master.variables).toEqual({ cdn: 'https://cdn.example.com' });
    const text = playlist(
      '#EXT-X-TARGETDURATION:2',
      '#EXT-X-DEFINE:QUERYPARAM="session"',
      '#EXT-X-DEFINE:IMPORT="cdn"',
      '#EXTINF:2,',
      '{$cdn}/seg1.ts?s={$session}',
    );
    const p = parseMediaPlaylist(text, `${URL_}?session=s%2042`, { importVariables: master.variables });
    expect(p.problems).toEqual([]);
    expect(p.segments[0]!.uri).toBe('https://cdn.example.com/seg1.ts?s=s%2042');
  });

  it('reports what it cannot resolve (missing QUERYPARAM, IMPORT with nothing to import, undefined reference) and keeps the segments', () => {
    const text = playlist(
      '#EXT-X-TARGETDURATION:2',
      '#EXT-X-DEFINE:QUERYPARAM="session"',
      '#EXT-X-DEFINE:IMPORT="cdn"',
      '#EXT-X-DEFINE:NAME="x"',
      '#EXT-X-MEDIA-SEQUENCE:5',
      '#EXTINF:2,',
      'seg-{$nope}.ts',
      '#EXTINF:2,',
      'seg6.ts',
    );
    const p = parseMediaPlaylist(text, URL_);
    expect(codes(p)).toEqual(['unresolved-variable', 'unresolved-variable', 'bad-define', 'undefined-variable']);
    expect(p.problems.map((x) => x.line)).toEqual([3, 4, 5, 8]);
    expect(p.segments.map((s) => s.mediaSequence)).toEqual([5, 6]);
  });
});

describe('values players tolerate', () => {
  it('reads #EXT-X-TARGETDURATION:2.5 (rounded up to 3, with a problem saying where hls.js differs)', () => {
    const p = parseMediaPlaylist(playlist('#EXT-X-TARGETDURATION:2.5', '#EXTINF:2.5,', 'a.ts'), URL_);
    expect(p.targetDuration).toBe(3);
    expect(codes(p)).toEqual(['fractional-target-duration']);
    expect(p.problems[0]!.message).toContain('hls.js reads 2');
  });

  it('reads #EXTINF:.360, and #EXTINF:1000000, as players do', () => {
    const p = parseMediaPlaylist(
      playlist('#EXT-X-TARGETDURATION:1', '#EXTINF:.360,', 'a.ts', '#EXTINF:1000000,', 'b.ts'),
      URL_,
    );
    expect(p.segments.map((s) => s.duration)).toEqual([0.36, 1_000_000]);
    expect(codes(p)).toEqual(['duration-exceeds-target']);
  });

  it('accepts #EXT-X-MAP without URI: those segments have no init section (reported); a later MAP applies again', () => {
    const p = parseMediaPlaylist(
      playlist(
        '#EXT-X-TARGETDURATION:2',
        '#EXT-X-MAP:BYTERANGE="10@0"',
        '#EXTINF:2,',
        'a.m4s',
        '#EXT-X-MAP:URI="init.mp4"',
        '#EXTINF:2,',
        'b.m4s',
      ),
      URL_,
    );
    expect(p.segments.map((s) => s.map)).toEqual([undefined, { uri: 'http://127.0.0.1:9000/live/init.mp4' }]);
    expect(codes(p)).toEqual(['map-without-uri']);
  });

  it("reads EXT-X-BYTERANGE without an offset as hls.js does: after the previous segment's range, else 0 — reporting the guess", () => {
    const p = parseMediaPlaylist(
      playlist(
        '#EXT-X-TARGETDURATION:2',
        '#EXTINF:2,',
        '#EXT-X-BYTERANGE:100',
        'a.mp4',
        '#EXTINF:2,',
        '#EXT-X-BYTERANGE:50',
        'a.mp4',
        '#EXTINF:2,',
        '#EXT-X-BYTERANGE:70',
        'b.mp4',
      ),
      URL_,
    );
    expect(p.segments.map((s) => s.byteRange)).toEqual([
      { offset: 0, length: 100 },
      { offset: 100, length: 50 },
      { offset: 150, length: 70 },
    ]);
    expect(p.problems.map((x) => [x.code, x.line])).toEqual([
      ['byterange-offset-guessed', 4],
      ['byterange-offset-guessed', 10],
    ]);
  });

  it('keeps the last character of an unterminated quoted attribute, and reports it', () => {
    const p = parseMediaPlaylist(
      playlist('#EXT-X-TARGETDURATION:2', '#EXT-X-MAP:URI="720p_0_1.m4s', '#EXTINF:2,', 'a.m4s'),
      URL_,
    );
    expect(p.segments[0]!.map).toEqual({ uri: 'http://127.0.0.1:9000/live/720p_0_1.m4s' });
    expect(codes(p)).toEqual(['unterminated-quote']);
  });
});

describe('tags that must appear once', () => {
  it.each([
    ['#EXT-X-ENDLIST', '#EXT-X-ENDLIST'],
    ['#EXT-X-VERSION:3', '#EXT-X-VERSION:6'],
    ['#EXT-X-PLAYLIST-TYPE:VOD', '#EXT-X-PLAYLIST-TYPE:EVENT'],
    ['#EXT-X-PART-INF:PART-TARGET=1', '#EXT-X-PART-INF:PART-TARGET=1'],
    ['#EXT-X-SERVER-CONTROL:HOLD-BACK=6', '#EXT-X-SERVER-CONTROL:HOLD-BACK=9'],
    ['#EXT-X-SKIP:SKIPPED-SEGMENTS=1', '#EXT-X-SKIP:SKIPPED-SEGMENTS=1'],
  ])('reports a repeated %s as a duplicate-tag problem (an error in players) and still parses', (first, second) => {
    const p = parseMediaPlaylist(playlist('#EXT-X-TARGETDURATION:2', first, second, '#EXTINF:2,', 'a.ts'), URL_);
    expect(p.problems.filter((x) => x.code === 'duplicate-tag').map((x) => x.line)).toEqual([4]);
    expect(p.segments).toHaveLength(1);
  });
});

describe('program date times', () => {
  it('uses a PROGRAM-DATE-TIME after the last segment as the end of that segment: times exact, computed backward', () => {
    const end = T0 + 60_000;
    const p = parseMediaPlaylist(
      playlist(
        '#EXT-X-TARGETDURATION:4',
        '#EXTINF:4,',
        'a.ts',
        '#EXTINF:3.5,',
        'b.ts',
        `#EXT-X-PROGRAM-DATE-TIME:${iso(end)}`,
      ),
      URL_,
      {
        receivedAt: 5,
      },
    );
    expect(p.segments.map((s) => [s.clock, s.startTime])).toEqual([
      ['program-date-time', end - 7500],
      ['program-date-time', end - 3500],
    ]);
  });

  it('carries an earlier date across a discontinuity whose timeline has none (exact by arithmetic, as a player computes)', () => {
    const p = parseMediaPlaylist(
      playlist(
        '#EXT-X-TARGETDURATION:4',
        `#EXT-X-PROGRAM-DATE-TIME:${iso(T0)}`,
        '#EXTINF:4,',
        'a.ts',
        '#EXT-X-DISCONTINUITY',
        '#EXTINF:2.5,',
        'ad1.ts',
        '#EXTINF:3,',
        'ad2.ts',
      ),
      URL_,
      { receivedAt: 5 },
    );
    expect(p.segments.map((s) => [s.discontinuitySequence, s.clock, s.startTime])).toEqual([
      [0, 'program-date-time', T0],
      [1, 'program-date-time', T0 + 4000],
      [1, 'program-date-time', T0 + 6500],
    ]);
  });
});

describe('segments and playlists that are not content', () => {
  it('marks EXT-X-GAP segments as gaps (the follower never fetches them)', () => {
    const p = parseMediaPlaylist(
      playlist(
        '#EXT-X-TARGETDURATION:2',
        '#EXTINF:2,',
        'a.ts',
        '#EXT-X-GAP',
        '#EXTINF:2,',
        'b.ts',
        '#EXTINF:2,',
        'c.ts',
      ),
      URL_,
    );
    expect(p.segments.map((s) => s.gap ?? false)).toEqual([false, true, false]);
    expect(p.segments.map((s) => s.mediaSequence)).toEqual([0, 1, 2]);
  });

  it('reports an I-frame-only playlist as a problem and flags it', () => {
    const p = parseMediaPlaylist(
      playlist('#EXT-X-TARGETDURATION:2', '#EXT-X-I-FRAMES-ONLY', '#EXTINF:2,', '#EXT-X-BYTERANGE:9000@376', 'a.ts'),
      URL_,
    );
    expect(p.iFramesOnly).toBe(true);
    expect(codes(p)).toEqual(['i-frames-only']);
  });

  it('reads EXT-X-SERVER-CONTROL:HOLD-BACK', () => {
    const p = parseMediaPlaylist(
      playlist(
        '#EXT-X-TARGETDURATION:2',
        '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,HOLD-BACK=7.5',
        '#EXTINF:2,',
        'a.ts',
      ),
      URL_,
    );
    expect(p.holdBack).toBe(7.5);
  });
});
