/**
 * The showcase programme's layout, and a walk-in rendered by real ffmpeg: the picture enters
 * partway through a scene without a cut (ffmpeg's own scene score finds only the scheduled cuts)
 * and the picture really changes from its first frame on.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFfmpeg } from '@catfinder/media';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSchedule, DemoChannelOptionsError, SHOWCASE_PROGRAMME, visibleIntervals } from '../src/index';
import { renderProgram } from '../src/program';

describe('SHOWCASE_PROGRAMME', () => {
  const schedule = buildSchedule(SHOWCASE_PROGRAMME.scenes, SHOWCASE_PROGRAMME.segmentSeconds);

  it('lays out a person, a cat and a cat that walks in, in a 30 s loop', () => {
    expect(schedule.programFrames).toBe(900);
    expect(schedule.scenes.map((s) => [s.name, s.startFrame, s.frameCount])).toEqual([
      ['testpattern', 0, 90],
      ['person', 90, 180],
      ['cat', 270, 195],
      ['rocket', 465, 150],
      ['coffee', 615, 285],
    ]);
    expect(schedule.scenes[4]!.walkIn).toEqual({
      name: 'cat',
      image: 'chelsea.png',
      firstFrame: 726,
      settledFrame: 755,
      heightFraction: 0.8,
    });
  });

  it('lists both the cat scene and the walk-in as times the cat is visible', () => {
    const start = 1_000_000;
    const cats = visibleIntervals(schedule, start, start, start + 60_000, 'cat');
    expect(cats.map((o) => [o.firstFrame, o.lastFrame])).toEqual([
      [270, 464],
      [726, 899],
      [1170, 1364],
      [1626, 1799],
    ]);
    expect(cats[1]!.firstSegment).toEqual({ mediaSequence: 12, index: 6 });
    expect(cats[1]!.startMs).toBe(start + (726 * 1000) / 30);
  });

  it('rejects a walk-in that would not settle inside its scene', () => {
    expect(() =>
      buildSchedule(
        [
          {
            name: 'a',
            image: 'coffee.png',
            seconds: 1,
            walkIn: { name: 'cat', image: 'chelsea.png', atSeconds: 0.5, slideSeconds: 1 },
          },
        ],
        1,
      ),
    ).toThrow(DemoChannelOptionsError);
  });
});

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('walk-in rendering', () => {
  let dir: string;
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  /** Every frame as a grey 64x36 picture, in presentation order. */
  async function frames(path: string): Promise<Buffer[]> {
    const out = await runFfmpeg(
      ['-i', path, '-vf', 'scale=64:36', '-vsync', '0', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'],
      { timeoutMs: 60_000 },
    );
    const size = 64 * 36;
    return Array.from({ length: out.stdout.length / size }, (_, i) => out.stdout.subarray(i * size, (i + 1) * size));
  }
  const difference = (a: Buffer, b: Buffer): number => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;

  it('slides the cat into a still scene without a cut', async () => {
    dir = await mkdtemp(join(tmpdir(), 'demo-walk-in-'));
    const schedule = buildSchedule(
      [
        { name: 'rocket', image: 'rocket.jpg', seconds: 1 },
        {
          name: 'coffee',
          image: 'coffee.png',
          seconds: 2,
          walkIn: { name: 'cat', image: 'chelsea.png', atSeconds: 1, slideSeconds: 0.5 },
        },
      ],
      1,
    );
    const walkIn = schedule.scenes[1]!.walkIn!;
    expect([walkIn.firstFrame, walkIn.settledFrame]).toEqual([60, 74]);
    const path = join(dir, 'program.mp4');
    await renderProgram(schedule, path);

    const lines: string[] = [];
    await runFfmpeg(['-i', path, '-vf', "select='gt(scene,0.3)',showinfo", '-f', 'null', '-'], {
      timeoutMs: 60_000,
      onStderrLine: (l) => lines.push(l),
    });
    const cuts = lines
      .map((l) => /pts_time:([0-9.]+)/.exec(l)?.[1])
      .filter((t) => t !== undefined)
      .map((t) => Math.round(Number(t) * 30));
    expect(cuts).toEqual([30]);

    const all = await frames(path);
    expect(all).toHaveLength(90);
    const step = (n: number): number => difference(all[n - 1]!, all[n]!);
    // Inside the scene, before and after the slide, only the slow zoom changes the picture …
    for (const n of [...range(31, 59), ...range(75, 89)]) expect(step(n), `frame ${n}`).toBeLessThan(2.5);
    // … and every frame of the slide moves the cat, from the scheduled first frame to the settled one.
    for (const n of range(60, 74)) expect(step(n), `frame ${n}`).toBeGreaterThan(3);
    expect(difference(all[59]!, all[74]!)).toBeGreaterThan(15);
  }, 90_000);
});
