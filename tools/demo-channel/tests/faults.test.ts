import { describe, expect, it } from 'vitest';
import { FaultyOrigin, splitPlaylist } from '../src/faults';

const T0 = Date.parse('2026-12-05T00:00:00.000Z');

/** ffmpeg's live playlist listing real sequences `from`…`to` (2 s segments). */
function ffmpegPlaylist(from: number, to: number, ext = 'ts'): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', `#EXT-X-MEDIA-SEQUENCE:${from}`];
  for (let n = from; n <= to; n++)
    lines.push(
      '#EXTINF:2.000000,',
      `#EXT-X-PROGRAM-DATE-TIME:${new Date(T0 + n * 2000).toISOString()}`,
      `seg_${n}.${ext}`,
    );
  return `${lines.join('\n')}\n`;
}

const sequences = (text: string): { seq: number; uri: string; startMs: number | undefined }[] => {
  const first = Number(/#EXT-X-MEDIA-SEQUENCE:(-?\d+)/.exec(text)![1]);
  return splitPlaylist(text).segments.map((s, i) => ({ seq: first + i, uri: s.uri, startMs: s.startMs }));
};

describe('FaultyOrigin', () => {
  it('serves ffmpeg playlists unchanged in meaning when no fault was injected', () => {
    const origin = new FaultyOrigin();
    const text = ffmpegPlaylist(3, 8);
    expect(origin.rewrite(text, T0)).toBe(text);
    expect(origin.listed().map((s) => [s.epoch, s.sequence, s.realSequence])).toEqual(
      [3, 4, 5, 6, 7, 8].map((n) => [0, n, n]),
    );
  });

  it('restart: numbers and names start again at 0 with the next new segment, reusing numbers already seen', () => {
    const origin = new FaultyOrigin();
    origin.rewrite(ffmpegPlaylist(5, 9), T0);
    origin.inject({ kind: 'restart' }, T0);
    // until the first new segment exists, the old window is served
    expect(sequences(origin.rewrite(ffmpegPlaylist(5, 9), T0)).map((s) => s.seq)).toEqual([5, 6, 7, 8, 9]);
    const after = sequences(origin.rewrite(ffmpegPlaylist(6, 12), T0 + 6000));
    expect(after.map((s) => [s.seq, s.uri])).toEqual([
      [0, 'seg_0.ts'],
      [1, 'seg_1.ts'],
      [2, 'seg_2.ts'],
    ]);
    expect(after[0]!.startMs).toBe(T0 + 10 * 2000); // times stay real
    expect(origin.resolveSegment('seg_1.ts')).toBe('seg_11.ts');
    expect(
      origin
        .listed()
        .filter((s) => s.epoch === 1)
        .map((s) => s.realSequence),
    ).toEqual([10, 11, 12]);
  });

  it('jump: numbers jump far ahead; old names still resolve to their content', () => {
    const origin = new FaultyOrigin();
    origin.rewrite(ffmpegPlaylist(0, 5), T0);
    origin.inject({ kind: 'jump', by: 100_000 }, T0);
    const after = sequences(origin.rewrite(ffmpegPlaylist(2, 7), T0));
    expect(after.map((s) => s.seq)).toEqual([100_006, 100_007]);
    expect(origin.resolveSegment('seg_100007.ts')).toBe('seg_7.ts');
    expect(origin.resolveSegment('seg_4.ts')).toBe('seg_4.ts');
  });

  it('http-error: every request answers the status for the burst, then normally', () => {
    const origin = new FaultyOrigin();
    origin.inject({ kind: 'http-error', seconds: 5, status: 502 }, T0);
    expect(origin.intercept('media.m3u8', T0 + 1000)).toEqual({ status: 502 });
    expect(origin.intercept('seg_1.ts', T0 + 4999)).toEqual({ status: 502 });
    expect(origin.intercept('media.m3u8', T0 + 5000)).toBeUndefined();
  });

  it('stall: the next new segment hangs for the given time after it is listed; others do not', () => {
    const origin = new FaultyOrigin();
    origin.rewrite(ffmpegPlaylist(0, 3), T0);
    origin.inject({ kind: 'stall', seconds: 25 }, T0);
    origin.rewrite(ffmpegPlaylist(0, 4), T0 + 2000);
    expect(origin.intercept('seg_4.ts', T0 + 3000)).toEqual({ holdUntilMs: T0 + 27_000 });
    expect(origin.intercept('seg_3.ts', T0 + 3000)).toBeUndefined();
    expect(origin.intercept('seg_4.ts', T0 + 27_000)).toBeUndefined();
  });

  it('foreign-uri: the next new segment is listed on another host', () => {
    const origin = new FaultyOrigin();
    origin.rewrite(ffmpegPlaylist(0, 3), T0);
    origin.inject({ kind: 'foreign-uri' }, T0);
    const after = sequences(origin.rewrite(ffmpegPlaylist(0, 5), T0));
    expect(after.map((s) => s.uri)).toEqual([
      'seg_0.ts',
      'seg_1.ts',
      'seg_2.ts',
      'seg_3.ts',
      'http://169.254.169.254/seg_4.ts',
      'seg_5.ts',
    ]);
    expect(origin.history().map((h) => h.fault.kind)).toEqual(['foreign-uri']);
  });

  it('keeps fMP4 names and the init section', () => {
    const origin = new FaultyOrigin();
    const text = ffmpegPlaylist(0, 2, 'm4s').replace(
      '#EXT-X-MEDIA-SEQUENCE:0',
      '#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-MAP:URI="init.mp4"',
    );
    origin.inject({ kind: 'restart' }, T0);
    const out = origin.rewrite(text.replace(/seg_0\.m4s/, 'seg_0.m4s'), T0);
    expect(out).toContain('#EXT-X-MAP:URI="init.mp4"\n#EXTINF');
    expect(out).toContain('seg_0.m4s');
  });
});
