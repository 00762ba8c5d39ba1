import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseSegment, inspectFmp4, normaliseSegmentInput, scanTs, type SamplingCarry } from '@catfinder/media';
import { SHARED_PROGRAMME_CACHE, SHORT_PROGRAMME, startDemoChannel, type DemoChannel } from '../src/index';
import { publishArgs } from '../src/publisher';
import { buildSchedule } from '../src/schedule';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('publishArgs', () => {
  const base = {
    programPath: 'p.mp4',
    outDir: '.',
    schedule: buildSchedule([{ name: 'cat', image: 'chelsea.png', seconds: 2 }], 1),
    windowSegments: 3,
    audio: false,
    deleteThreshold: 3,
  };
  it('writes MPEG-TS by default and fMP4 fragments with an init section on request', () => {
    const ts = publishArgs(base);
    expect(ts).not.toContain('-hls_segment_type');
    expect(ts[ts.indexOf('-hls_segment_filename') + 1]).toBe('seg_%d.ts');
    const fmp4 = publishArgs({ ...base, container: 'fmp4' });
    expect(fmp4[fmp4.indexOf('-hls_segment_type') + 1]).toBe('fmp4');
    expect(fmp4[fmp4.indexOf('-hls_fmp4_init_filename') + 1]).toBe('init.mp4');
    expect(fmp4[fmp4.indexOf('-hls_segment_filename') + 1]).toBe('seg_%d.m4s');
  });
});

describe('demo channel published as fMP4 (real ffmpeg, real HTTP)', () => {
  let channel: DemoChannel;
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'demo-channel-fmp4-test-'));
    // The short programme the other projects' tests share (rendered once per run), as fMP4.
    channel = await startDemoChannel({
      ...SHORT_PROGRAMME,
      cacheDir: SHARED_PROGRAMME_CACHE,
      container: 'fmp4',
      windowSegments: 7,
      audio: true,
    });
  }, 120_000);

  afterAll(async () => {
    await channel?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('lists .m4s fragments under one #EXT-X-MAP init section, with exact EXTINF and PDTs', async () => {
    expect(channel.container).toBe('fmp4');
    const text = await (await fetch(channel.mediaUrl)).text();
    expect(text).toMatch(/^#EXT-X-VERSION:7$/m);
    expect(text.match(/^#EXT-X-MAP:URI="init\.mp4"$/gm)).toHaveLength(1);
    const sequence = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1]);
    const uris = text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(uris[0]).toBe(`seg_${sequence}.m4s`);
    expect(text.match(/^#EXTINF:1\.000000,$/gm)).toHaveLength(uris.length);
    const pdt = Date.parse(/#EXT-X-PROGRAM-DATE-TIME:(.+)/.exec(text)?.[1] ?? '');
    expect(pdt).toBe(channel.programStartMs + sequence * 1000);
    const init = await fetch(new URL('init.mp4', channel.mediaUrl));
    expect(init.headers.get('content-type')).toBe('video/mp4');
    const layout = inspectFmp4(new Uint8Array(await init.arrayBuffer()), 'init.mp4');
    expect(layout).toMatchObject({ hasInit: true, fragments: 0 });
    expect(layout.videoTracks.map((t) => t.codec)).toEqual(['avc1']);
  });

  it('fragments normalise to one continuous timeline with the cuts exactly where the schedule says', async () => {
    // The loop is 180 frames = 6 segments; the cat starts at index 15 of the loop's 2nd segment.
    let text = await (await fetch(channel.mediaUrl)).text();
    const loopStart = Math.ceil(Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1]) / 6) * 6 + 6;
    while (!text.includes(`seg_${loopStart + 5}.m4s`)) {
      await sleep(300);
      text = await (await fetch(channel.mediaUrl)).text();
    }
    const initPath = join(work, 'init.mp4');
    await writeFile(initPath, Buffer.from(await (await fetch(new URL('init.mp4', channel.mediaUrl))).arrayBuffer()));
    let carry: SamplingCarry | undefined;
    let lastPts: number | undefined;
    const cuts: number[] = [];
    for (let seq = loopStart - 1; seq <= loopStart + 5; seq++) {
      const segmentPath = join(work, `seg_${seq}.m4s`);
      const response = await fetch(new URL(`seg_${seq}.m4s`, channel.mediaUrl));
      expect(response.headers.get('content-type')).toBe('video/iso.segment');
      await writeFile(segmentPath, Buffer.from(await response.arrayBuffer()));
      const n = await normaliseSegmentInput({ segmentPath, initPath });
      try {
        const scan = scanTs(await readFile(n.tsPath), n.tsPath);
        expect(scan.presentation).toHaveLength(30);
        expect(scan.presentation[0]?.keyframe).toBe(true);
        expect(scan.hasAudio).toBe(true);
        if (lastPts !== undefined) expect(scan.presentation[0]?.pts).toBe(lastPts + 3000); // 1/30 s at 90 kHz
        lastPts = scan.presentation.at(-1)?.pts;
        const analysis = await analyseSegment({ segmentPath: n.tsPath, outputDir: join(work, `out${seq}`), carry });
        carry = analysis.carry;
        if (seq >= loopStart) cuts.push(...analysis.cuts.map((c) => (seq - loopStart) * 30 + c));
      } finally {
        await n.cleanup();
      }
    }
    // loop point (frame 0 of the loop), astronaut→cat at 45, cat→coffee at 135
    expect(cuts).toEqual([0, 45, 135]);
  }, 60_000);
});
