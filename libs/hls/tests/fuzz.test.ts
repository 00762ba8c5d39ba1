import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HlsError, parseDateTime, parseMasterPlaylist, parseMediaPlaylist, PlaylistParseError } from '../src/index';

const URL_ = 'http://127.0.0.1:9000/live/media.m3u8';

const SEED_MEDIA = `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-TARGETDURATION:2
#EXT-X-MEDIA-SEQUENCE:100
#EXT-X-DISCONTINUITY-SEQUENCE:2
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-DEFINE:NAME="dir",VALUE="v1"
#EXT-X-SKIP:SKIPPED-SEGMENTS=2
#EXT-X-MAP:URI="{$dir}/init.mp4",BYTERANGE="720@0"
#EXTINF:2.000000,
#EXT-X-PROGRAM-DATE-TIME:2026-11-26T17:32:23.000+0000
seg_100.ts
#EXTINF:2.000000,
#EXT-X-BYTERANGE:1000@0
seg_101.ts
#EXT-X-GAP
#EXT-X-DISCONTINUITY
#EXTINF:1.5,title
../seg_102.ts
#EXTINF:2,
#EXT-X-PROGRAM-DATE-TIME:2026-11-26T17:40:00.5Z
http://127.0.0.1:9000/other/seg_103.ts
#EXT-X-ENDLIST
`;

const SEED_MASTER = `#EXTM3U
#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,FRAME-RATE=30,CODECS="avc1.4d401e"
a/media.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=2500000,RESOLUTION=1280x720
b.m3u8
`;

const NASTY = [
  '-1',
  'NaN',
  '1e999',
  '',
  '@',
  '"',
  ',',
  '\u0000',
  '\uFFFD',
  '#EXTM3U',
  '#EXT-X-ENDLIST',
  '99999999999999999999',
  ' ',
  ':',
  '..',
  '%',
  'http://[',
  '\r',
];

/** One mutation of a playlist's lines. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('replace-number' as const), at: fc.nat(), value: fc.constantFrom(...NASTY) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    value: fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 40 })),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), value: fc.uint8Array({ maxLength: 16 }) }),
);

function mutate(seed: string, mutations: readonly unknown[]): string {
  let lines = seed.split('\n');
  for (const raw of mutations as { kind: string; at: number; with?: number; value?: unknown }[]) {
    const at = lines.length === 0 ? 0 : raw.at % lines.length;
    switch (raw.kind) {
      case 'delete':
        lines.splice(at, 1);
        break;
      case 'duplicate':
        lines.splice(at, 0, lines[at] ?? '');
        break;
      case 'swap': {
        const other = lines.length === 0 ? 0 : raw.with! % lines.length;
        [lines[at], lines[other]] = [lines[other] ?? '', lines[at] ?? ''];
        break;
      }
      case 'replace-number':
        lines[at] = (lines[at] ?? '').replace(/\d+(\.\d+)?/, String(raw.value));
        break;
      case 'insert':
        lines.splice(at, 0, String(raw.value));
        break;
      case 'truncate':
        lines = lines.slice(0, at);
        break;
      case 'bytes':
        lines[at] = (lines[at] ?? '') + new TextDecoder().decode(raw.value as Uint8Array);
        break;
    }
  }
  return lines.join('\n');
}

describe('parsers under fuzzing (thousands of mutated playlists)', () => {
  it('parseMediaPlaylist returns a sound snapshot or throws PlaylistParseError naming the URL — nothing else', () => {
    let parsed = 0;
    let rejected = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(SEED_MEDIA, SEED_MASTER),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (seed, mutations) => {
          const text = mutate(seed, mutations);
          let playlist;
          try {
            playlist = parseMediaPlaylist(text, URL_, { receivedAt: 1_000 });
          } catch (error) {
            rejected++;
            expect(error).toBeInstanceOf(PlaylistParseError);
            expect((error as Error).message).toContain(URL_);
            return;
          }
          parsed++;
          expect(Number.isInteger(playlist.targetDuration) && playlist.targetDuration >= 1).toBe(true);
          const last = playlist.segments.at(-1);
          // EXT-X-SKIP shifts the numbering of the segments after it (all of them, when it is in the header).
          if (last)
            expect(last.mediaSequence).toBeLessThanOrEqual(
              playlist.mediaSequence + playlist.skippedSegments + playlist.segments.length - 1,
            );
          playlist.segments.forEach((s, i) => {
            expect(s.mediaSequence).toBeGreaterThanOrEqual(playlist.mediaSequence + i);
            if (i > 0) expect(s.mediaSequence).toBeGreaterThan(playlist.segments[i - 1]!.mediaSequence);
            expect(Number.isFinite(s.duration) && s.duration >= 0).toBe(true);
            expect(Number.isFinite(s.startTime)).toBe(true);
            expect(s.discontinuitySequence).toBeGreaterThanOrEqual(playlist.discontinuitySequence);
            expect(() => new URL(s.uri)).not.toThrow();
            if (s.byteRange) expect(s.byteRange.offset >= 0 && s.byteRange.length >= 0).toBe(true);
          });
        },
      ),
      { numRuns: 4000, seed: 20261126 },
    );
    // the mutations must exercise both outcomes, or the property proves little
    expect(parsed).toBeGreaterThan(200);
    expect(rejected).toBeGreaterThan(200);
  });

  it('parseMasterPlaylist returns variants with absolute URIs or throws an HlsError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(SEED_MASTER, SEED_MEDIA),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (seed, mutations) => {
          const text = mutate(seed, mutations);
          try {
            const master = parseMasterPlaylist(text, URL_);
            expect(master.variants.length).toBeGreaterThan(0);
            for (const v of master.variants) {
              expect(() => new URL(v.uri)).not.toThrow();
              expect(Number.isFinite(v.bandwidth)).toBe(true);
            }
          } catch (error) {
            expect(error).toBeInstanceOf(HlsError);
            expect((error as Error).message).toContain(URL_);
          }
        },
      ),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('parses arbitrary unicode without crashing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (tail) => {
        try {
          parseMediaPlaylist(`#EXTM3U\n${tail}`, URL_);
        } catch (error) {
          expect(error).toBeInstanceOf(PlaylistParseError);
        }
      }),
      { numRuns: 2000, seed: 3 },
    );
  });
});

describe('parseDateTime under fuzzing', () => {
  it('agrees with Date for every ISO instant in the forms packagers write (fast path and general path)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString();
          const expected = date.getTime();
          for (const text of [
            iso,
            iso.replace('Z', '+0000'),
            iso.replace('Z', '+00:00'),
            iso.replace(/\.\d+Z$/, 'Z'),
          ]) {
            const parsed = parseDateTime(text);
            expect(parsed?.ms, text).toBe(text.includes('.') ? expected : Math.floor(expected / 1000) * 1000);
          }
          const shifted = new Date(expected + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
          expect(parseDateTime(shifted)?.ms).toBe(expected);
        },
      ),
      { numRuns: 3000, seed: 11 },
    );
  });
});
