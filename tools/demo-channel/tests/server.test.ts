import { describe, expect, it } from 'vitest';
import { isCompletePlaylist } from '../src/server';

describe('isCompletePlaylist', () => {
  it.each([
    ['#EXTM3U\n#EXTINF:1,\nseg_0.ts\n', true],
    ['#EXTM3U\n#EXTINF:1,\nseg_0.ts\n#EXT-X-ENDLIST\n', true],
    ['#EXTM3U\n#EXTINF:1,\nseg_0.ts', false],
    ['#EXTM3U\n#EXTINF:1,\n', false],
    ['', false],
    ['#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nmedia.m3u8\n', true],
  ])('%j → %s', (text, complete) => {
    expect(isCompletePlaylist(text)).toBe(complete);
  });
});
