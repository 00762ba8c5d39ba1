/**
 * Parse speed: a 10,000-segment live media playlist (PDT on every segment, as ffmpeg writes it)
 * and a 50-variant master. Prints the median of 20 timed runs after 3 warm-up runs, in seconds.
 * Goal (issue 3): parse_media_10k_s < 0.05.
 */
import { performance } from 'node:perf_hooks';
import { parseMasterPlaylist, parseMediaPlaylist } from '../src/index';

const URL_MEDIA = 'http://127.0.0.1:8080/live/media.m3u8';
const URL_MASTER = 'http://127.0.0.1:8080/live/master.m3u8';

function mediaText(count: number): string {
  const start = Date.UTC(2026, 10, 26, 12);
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-TARGETDURATION:2', '#EXT-X-MEDIA-SEQUENCE:1000', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (let i = 0; i < count; i++) {
    lines.push('#EXTINF:2.000000,');
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(start + i * 2000).toISOString().replace('Z', '+0000')}`);
    lines.push(`seg_${1000 + i}.ts`);
  }
  return `${lines.join('\n')}\n`;
}

function masterText(count: number): string {
  const lines = ['#EXTM3U', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (let i = 0; i < count; i++) {
    const height = 144 + i * 20;
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${200_000 + i * 100_000},AVERAGE-BANDWIDTH=${180_000 + i * 90_000},RESOLUTION=${Math.round((height * 16) / 9)}x${height},FRAME-RATE=30.000,CODECS="avc1.4d401f,mp4a.40.2"`,
    );
    lines.push(`variant_${i}/media.m3u8`);
  }
  return `${lines.join('\n')}\n`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(run: () => number, expected: number): number {
  for (let i = 0; i < 3; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const count = run();
    samples.push((performance.now() - t0) / 1000);
    if (count !== expected) throw new Error(`parsed ${count} items, expected ${expected}`);
  }
  return median(samples);
}

const media = mediaText(10_000);
const master = masterText(50);
const mediaS = time(() => parseMediaPlaylist(media, URL_MEDIA).segments.length, 10_000);
const masterS = time(() => parseMasterPlaylist(master, URL_MASTER).variants.length, 50);
console.log(`media playlist: ${media.length} bytes, 10000 segments; master: ${master.length} bytes, 50 variants (median of 20 runs)`);
console.log(`bench hls: parse_media_10k_s=${mediaS.toFixed(4)} parse_master_s=${masterS.toFixed(5)}`);
