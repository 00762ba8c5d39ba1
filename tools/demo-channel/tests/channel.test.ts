import { access } from 'node:fs/promises';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFfmpeg } from '@catfinder/media';
import { startDemoChannel, type DemoChannel } from '../src/index';

interface Listed {
  sequence: number;
  duration: number;
  pdtMs: number;
  uri: string;
}

/** Minimal reading of ffmpeg's live playlist (this tool must not depend on @catfinder/hls). */
function listSegments(text: string): Listed[] {
  const lines = text.split('\n');
  let sequence = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1]);
  const out: Listed[] = [];
  let duration = Number.NaN;
  let pdtMs = Number.NaN;
  for (const line of lines) {
    if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice(8));
    else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pdtMs = Date.parse(line.slice(25));
    else if (line && !line.startsWith('#')) out.push({ sequence: sequence++, duration, pdtMs, uri: line });
  }
  return out;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Frame indices (within a downloaded segment) where ffmpeg sees a scene change. */
async function cutsIn(bytes: Buffer, dir: string, name: string): Promise<number[]> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  const lines: string[] = [];
  await runFfmpeg(['-i', path, '-an', '-vf', "select='gt(scene,0.3)',showinfo", '-f', 'null', '-'], {
    timeoutMs: 30_000,
    onStderrLine: (line) => lines.push(line),
  });
  return lines
    .map((l) => /pts_time:([0-9.]+)/.exec(l)?.[1])
    .filter((t): t is string => t !== undefined)
    .map((t) => Math.round(Number(t) * 30));
}

describe('demo channel (real ffmpeg, real HTTP)', () => {
  let channel: DemoChannel;
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'demo-channel-test-'));
    channel = await startDemoChannel({
      segmentSeconds: 1,
      windowSegments: 3,
      audio: true,
      scenes: [
        { name: 'astronaut', image: 'astronaut.png', seconds: 1.5 },
        { name: 'cat', image: 'chelsea.png', seconds: 2 },
        { name: 'coffee', image: 'coffee.png', seconds: 1.5 },
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await channel?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('serves a master playlist that points at the media playlist', async () => {
    const text = await (await fetch(channel.masterUrl)).text();
    expect(text).toMatch(/^#EXTM3U/);
    expect(text).toMatch(/#EXT-X-STREAM-INF:BANDWIDTH=\d+,RESOLUTION=640x360\n/);
    expect(new URL(text.trim().split('\n').pop()!, channel.masterUrl).href).toBe(channel.mediaUrl);
  });

  // The next two tests only read the live channel (9-10 s of real time each), so they watch it at
  // the same time instead of one after the other.
  it.concurrent('runs live across program loops with exact segment lengths and millisecond-exact PDTs', async () => {
    const seen = new Map<number, Listed>();
    const deadline = Date.now() + 9_000; // > one 5 s loop, > 3 windows of 3 s
    while (Date.now() < deadline) {
      const response = await fetch(channel.mediaUrl);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const listed = listSegments(await response.text());
      expect(listed.length).toBeLessThanOrEqual(3);
      for (const s of listed) seen.set(s.sequence, s);
      await sleep(400);
    }
    const sequences = [...seen.keys()].sort((a, b) => a - b);
    expect(sequences.at(-1)!).toBeGreaterThanOrEqual(7);
    for (const s of seen.values()) {
      expect(s.duration).toBe(1);
      expect(s.pdtMs).toBe(channel.programStartMs + s.sequence * 1000);
      expect(s.uri).toBe(`seg_${s.sequence}.ts`);
    }
    // old segments are deleted once well out of the window
    expect(await fetch(new URL('seg_0.ts', channel.mediaUrl)).then((r) => r.status)).toBe(404);
  });

  it.concurrent(
    'puts the hard cuts exactly where the schedule says, in the first and the second loop',
    async () => {
      const listed = listSegments(await (await fetch(channel.mediaUrl)).text());
      const loopStartSeq = Math.ceil(listed[0]!.sequence / 5) * 5 + 5; // a future loop's first segment
      const catOccurrence = channel
        .occurrences(channel.frameTime(loopStartSeq * 30), channel.frameTime(loopStartSeq * 30 + 150), 'cat')
        .at(0)!;
      expect(catOccurrence.firstSegment).toEqual({ mediaSequence: loopStartSeq + 1, index: 15 });
      // wait until the segment holding the astronaut→cat cut and the one holding cat→coffee exist
      let text = '';
      while (!text.includes(`seg_${loopStartSeq + 3}.ts`)) {
        await sleep(300);
        text = await (await fetch(channel.mediaUrl)).text();
      }
      const seg = async (n: number): Promise<Buffer> =>
        Buffer.from(await (await fetch(new URL(`seg_${n}.ts`, channel.mediaUrl))).arrayBuffer());
      const first = await seg(loopStartSeq + 1);
      expect(first[0]).toBe(0x47); // MPEG-TS sync byte
      expect(await cutsIn(first, work, 'a.ts')).toEqual([15]);
      expect(await cutsIn(await seg(loopStartSeq + 2), work, 'b.ts')).toEqual([]);
      expect(await cutsIn(await seg(loopStartSeq + 3), work, 'c.ts')).toEqual([15]);
    },
    30_000,
  );

  it('refuses paths outside the output directory', async () => {
    const base = new URL(channel.mediaUrl);
    for (const path of ['/program.mp4', '/..%2Fetc%2Fpasswd', '/%2e%2e/%2e%2e/etc/passwd']) {
      const response = await fetch(`${base.origin}${path}`);
      expect(response.status, path).toBe(404);
    }
  });

  it('stop() kills ffmpeg, closes the port and removes its files', async () => {
    const other = await startDemoChannel({
      segmentSeconds: 1,
      windowSegments: 2,
      scenes: [{ name: 'cat', image: 'chelsea.png', seconds: 1 }],
    });
    await other.stop();
    await expect(access(other.dir)).rejects.toThrow();
    await expect(fetch(other.mediaUrl)).rejects.toThrow();
    await other.stop(); // idempotent
    expect((await other.exited()).stopped).toBe(true);
  }, 60_000);

  it('exited() reports an encoder that dies, with its signal', async () => {
    const other = await startDemoChannel({
      segmentSeconds: 1,
      windowSegments: 2,
      scenes: [{ name: 'cat', image: 'chelsea.png', seconds: 1 }],
    });
    try {
      // The fault layer over real HTTP: listed segments are remembered, a burst answers 503.
      await fetch(other.mediaUrl).then((r) => r.text());
      expect(other.listed().length).toBeGreaterThan(0);
      other.inject({ kind: 'http-error', seconds: 30 });
      expect((await fetch(other.mediaUrl)).status).toBe(503);
      expect((await fetch(new URL('seg_0.ts', other.mediaUrl))).status).toBe(503);
      process.kill(other.pid()!, 'SIGKILL');
      const exit = await other.exited();
      expect(exit).toMatchObject({ stopped: false, signal: 'SIGKILL', code: null });
    } finally {
      await other.stop();
    }
  }, 60_000);

  it('names a missing image', async () => {
    await expect(startDemoChannel({ scenes: [{ name: 'ghost', image: 'nope.png', seconds: 1 }] })).rejects.toThrow(
      /scenes\[0\] \(ghost\): image not found: .*nope\.png/,
    );
  });
});
