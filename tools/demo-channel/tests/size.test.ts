import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFfmpeg } from '@catfinder/media';
import {
  buildSchedule,
  checkSize,
  DEFAULT_SCENES,
  DemoChannelOptionsError,
  programArgs,
  SHOWCASE_PROGRAMME,
  startDemoChannel,
  TEST_PATTERN,
} from '../src/index';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Picture size of every decoded frame of a segment (ffmpeg's showinfo; no ffprobe ships with the project). */
async function framesOf(bytes: Buffer, dir: string, name: string): Promise<string[]> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  const sizes: string[] = [];
  await runFfmpeg(['-i', path, '-an', '-vf', 'showinfo', '-f', 'null', '-'], {
    timeoutMs: 30_000,
    onStderrLine: (line) => {
      const size = /\bn:\s*\d+ .* s:(\d+x\d+)/.exec(line)?.[1];
      if (size !== undefined) sizes.push(size);
    },
  });
  return sizes;
}

describe('size option', () => {
  it('leaves the default programme arguments (and so its cache name) as they were', () => {
    for (const [scenes, seconds] of [
      [DEFAULT_SCENES, 2],
      [SHOWCASE_PROGRAMME.scenes, 2],
    ] as const) {
      const schedule = buildSchedule(scenes, seconds);
      const args = programArgs(schedule, 'out.mp4');
      expect(programArgs(schedule, 'out.mp4', { width: 640, height: 360 })).toEqual(args);
      const graph = args[args.indexOf('-filter_complex') + 1]!;
      expect(graph).toContain(':s=640x360:');
      expect(graph).not.toMatch(/1280x720|2560/);
    }
  });

  it('renders the picture, the zoom canvas and the walk-in at the asked size', () => {
    const schedule = buildSchedule(SHOWCASE_PROGRAMME.scenes, 2);
    const args = programArgs(schedule, 'out.mp4', { width: 1280, height: 720 });
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toContain(':s=1280x720:');
    expect(graph).toContain('scale=2560:1440:force_original_aspect_ratio=decrease');
    expect(args).toContain('testsrc2=size=2560x1440:rate=30');
    expect(graph).toContain('scale=-2:576,'); // walk-in at 0.8 of 720
    expect(graph).not.toContain('640x360');
  });

  it.each([
    [{ width: 1279, height: 720 }, 'odd width'],
    [{ width: 1280, height: 719 }, 'odd height'],
    [{ width: 64, height: 36 }, 'too small'],
    [{ width: 7680, height: 4320 }, 'too large'],
    [{ width: 1280.5, height: 720 }, 'not an integer'],
    [{ width: Number.NaN, height: 720 }, 'not a number'],
  ])('rejects %o (%s) with one error naming the option', (size) => {
    let error: unknown;
    try {
      checkSize(size);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DemoChannelOptionsError);
    expect((error as DemoChannelOptionsError).input).toBe('size');
    expect((error as Error).message).toMatch(
      /^size must be an even width 128\.\.3840 and an even height 72\.\.2160, got /,
    );
  });

  it('refuses a bad size before rendering anything', async () => {
    await expect(startDemoChannel({ size: { width: 1279, height: 720 } })).rejects.toBeInstanceOf(
      DemoChannelOptionsError,
    );
  });

  describe('a live 720p channel with 3 s segments (real ffmpeg, real HTTP)', () => {
    const dirs: string[] = [];
    afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

    it('serves 1280x720 segments of exactly 1 s, and says so in the master playlist', async () => {
      const work = await mkdtemp(join(tmpdir(), 'demo-channel-size-'));
      dirs.push(work);
      const channel = await startDemoChannel({
        size: { width: 1280, height: 720 },
        segmentSeconds: 1,
        windowSegments: 3,
        scenes: [
          { name: 'testpattern', image: TEST_PATTERN, seconds: 1 },
          { name: 'cat', image: 'chelsea.png', seconds: 1 },
        ],
      });
      try {
        const master = await (await fetch(channel.masterUrl)).text();
        expect(master).toMatch(/RESOLUTION=1280x720\n/);
        // Two segments: one of each scene (the first listed one may be either).
        const deadline = Date.now() + 30_000;
        let media = await (await fetch(channel.mediaUrl)).text();
        while (!media.includes('seg_1.ts') && Date.now() < deadline) {
          await sleep(200);
          media = await (await fetch(channel.mediaUrl)).text();
        }
        expect(media).toMatch(/#EXTINF:1\.0+,\n(?:#.*\n)*seg_0\.ts\n/);
        expect(media).toMatch(/#EXTINF:1\.0+,\n(?:#.*\n)*seg_1\.ts\n/);
        for (const name of ['seg_0.ts', 'seg_1.ts']) {
          const bytes = Buffer.from(await (await fetch(new URL(name, channel.mediaUrl))).arrayBuffer());
          const sizes = await framesOf(bytes, work, name);
          expect(sizes, name).toHaveLength(30); // 1 s at 30 fps
          expect(new Set(sizes), name).toEqual(new Set(['1280x720']));
        }
      } finally {
        await channel.stop();
      }
    }, 120_000);
  });
});
