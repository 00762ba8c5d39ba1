import { describe, expect, it } from 'vitest';
import { parseMasterPlaylist, PlaylistParseError, selectVariant, VariantSelectionError } from '../src/index';

const URL_ = 'http://127.0.0.1:9000/live/master.m3u8';
const MASTER = `#EXTM3U
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-STREAM-INF:BANDWIDTH=800000,AVERAGE-BANDWIDTH=700000,RESOLUTION=640x360,FRAME-RATE=30.000,CODECS="avc1.4d401e,mp4a.40.2"
360p/media.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=2500000,RESOLUTION=1280x720,FRAME-RATE=29.970
http://127.0.0.1:9000/720p.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=5000000,RESOLUTION=1920x1080
1080p.m3u8
`;

describe('parseMasterPlaylist', () => {
  it('reads bandwidth, resolution, frame rate and codecs with absolute URIs', () => {
    const master = parseMasterPlaylist(MASTER, URL_);
    expect(master.independentSegments).toBe(true);
    expect(master.variants[0]).toEqual({
      uri: 'http://127.0.0.1:9000/live/360p/media.m3u8',
      bandwidth: 800000,
      averageBandwidth: 700000,
      resolution: { width: 640, height: 360 },
      frameRate: 30,
      codecs: 'avc1.4d401e,mp4a.40.2',
    });
    expect(master.variants.map((v) => v.uri)).toEqual([
      'http://127.0.0.1:9000/live/360p/media.m3u8',
      'http://127.0.0.1:9000/720p.m3u8',
      'http://127.0.0.1:9000/live/1080p.m3u8',
    ]);
  });

  it('rejects a media playlist, garbage and a master without variants', () => {
    expect(() => parseMasterPlaylist('#EXTM3U\n#EXTINF:2,\na.ts\n', URL_)).toThrow(/no #EXT-X-STREAM-INF/);
    expect(() => parseMasterPlaylist('<html>', URL_)).toThrow(PlaylistParseError);
    expect(() => parseMasterPlaylist('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n', URL_)).toThrow(/no variant stream/);
  });

  it('keeps a variant without BANDWIDTH as 0 and reports it', () => {
    const master = parseMasterPlaylist('#EXTM3U\n#EXT-X-STREAM-INF:RESOLUTION=640x360\na.m3u8\n', URL_);
    expect(master.variants[0]!.bandwidth).toBe(0);
    expect(master.problems.map((p) => p.code)).toEqual(['no-bandwidth']);
  });
});

describe('selectVariant', () => {
  const master = parseMasterPlaylist(MASTER, URL_);
  it.each([
    [undefined, 5000000],
    [3_000_000, 2500000],
    [2_500_000, 2500000],
    [100, 800000], // nothing fits: the cheapest
  ])('maxBandwidth %s picks %s', (cap, bandwidth) => {
    expect(selectVariant(master, cap === undefined ? {} : { maxBandwidth: cap }).bandwidth).toBe(bandwidth);
  });

  it('rejects a NaN cap', () => {
    expect(() => selectVariant(master, { maxBandwidth: Number.NaN })).toThrow(VariantSelectionError);
  });
});
