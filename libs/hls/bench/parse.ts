/**
 * Parse speed: a 10,000-segment live media playlist (PDT on every segment, as ffmpeg writes it)
 * and a 50-variant master. Median of 20 timed runs after 3 warm-up runs, in seconds: the main keys
 * are CPU seconds of the parse (robust to a shared machine), the *_wall_s keys wall-clock seconds.
 * Goal (issue 3): parse_media_10k_s < 0.05. Then segment-download memory (see download.ts):
 * peak RSS growth in MiB of a 300 MiB chunked segment against the 200 MiB cap, streamed to a file
 * and buffered, and of a 190 MiB segment streamed to a file (issue 17: must stay far below the cap).
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseMasterPlaylist, parseMediaPlaylist } from '../src/index';
import { measureDownloads } from './download';

const URL_MEDIA = 'http://127.0.0.1:8080/live/media.m3u8';
const URL_MASTER = 'http://127.0.0.1:8080/live/master.m3u8';

function mediaText(count: number): string {
  const start = Date.UTC(2026, 10, 26, 12);
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:6',
    '#EXT-X-TARGETDURATION:2',
    '#EXT-X-MEDIA-SEQUENCE:1000',
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
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

/**
 * Median wall time and median CPU time (user+system of this process) of one parse. On a shared,
 * overloaded machine the wall time mostly measures waiting for a core; the CPU time is the work.
 */
function time(run: () => number, expected: number): { wall: number; cpu: number } {
  for (let i = 0; i < 3; i++) run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 20; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const count = run();
    wall.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
    if (count !== expected) throw new Error(`parsed ${count} items, expected ${expected}`);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const media = mediaText(10_000);
const master = masterText(50);
const mediaS = time(() => parseMediaPlaylist(media, URL_MEDIA).segments.length, 10_000);
const masterS = time(() => parseMasterPlaylist(master, URL_MASTER).variants.length, 50);
console.log(
  `media playlist: ${media.length} bytes, 10000 segments; master: ${master.length} bytes, 50 variants (median of 20 runs)`,
);
console.log(
  `wall-clock medians: media ${mediaS.wall.toFixed(4)} s, master ${masterS.wall.toFixed(5)} s; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
);
const downloads = await measureDownloads();
console.log(
  `bench hls: parse_media_10k_s=${mediaS.cpu.toFixed(4)} parse_master_s=${masterS.cpu.toFixed(5)} ` +
    `parse_media_10k_wall_s=${mediaS.wall.toFixed(4)} parse_master_wall_s=${masterS.wall.toFixed(5)} ` +
    `download_300mib_to_file_peak_rss_mb=${downloads.fileRejectMb.toFixed(1)} ` +
    `download_190mib_to_file_peak_rss_mb=${downloads.fileAcceptMb.toFixed(1)} ` +
    `download_300mib_buffered_peak_rss_mb=${downloads.bufferedRejectMb.toFixed(1)}`,
);
