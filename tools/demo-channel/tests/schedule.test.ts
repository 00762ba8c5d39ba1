import { describe, expect, it } from 'vitest';
import { buildSchedule, DemoChannelOptionsError, DEFAULT_SCENES, programArgs, sceneOccurrences } from '../src/index';

describe('buildSchedule', () => {
  it('lays the default program out in whole frames with the cat from frame 225 to 419', () => {
    const schedule = buildSchedule(DEFAULT_SCENES, 2);
    expect(schedule.programFrames).toBe(720);
    expect(schedule.programSegments).toBe(12);
    const cat = schedule.scenes.find((s) => s.name === 'cat')!;
    expect([cat.startFrame, cat.frameCount]).toEqual([225, 195]);
    expect(cat.startSeconds).toBe(7.5);
  });

  it('lengthens the last scene so a loop is a whole number of segments', () => {
    const schedule = buildSchedule(
      [
        { name: 'a', image: 'astronaut.png', seconds: 1.2 },
        { name: 'b', image: 'chelsea.png', seconds: 0.5 },
      ],
      1,
    );
    expect(schedule.scenes.map((s) => [s.startFrame, s.frameCount])).toEqual([
      [0, 36],
      [36, 24],
    ]);
    expect(schedule.programFrames).toBe(60);
  });

  it.each([
    [{ segmentSeconds: 0 }, 'segmentSeconds'],
    [{ segmentSeconds: 0.01 }, 'segmentSeconds'],
    [{ segmentSeconds: Number.NaN }, 'segmentSeconds'],
    [{ seconds: 0 }, 'scenes[0].seconds'],
    [{ seconds: Number.POSITIVE_INFINITY }, 'scenes[0].seconds'],
  ])('rejects %o naming %s', (bad, input) => {
    const scenes = [{ name: 'x', image: 'chelsea.png', seconds: 'seconds' in bad ? bad.seconds! : 1 }];
    const call = (): unknown => buildSchedule(scenes, 'segmentSeconds' in bad ? bad.segmentSeconds! : 1);
    expect(call).toThrow(DemoChannelOptionsError);
    expect(call).toThrow(input);
  });

  it('renders one closed GOP per segment by default, or whole GOPs that divide the segment', () => {
    const gopOf = (args: string[]): string => args[args.indexOf('-g') + 1]!;
    expect(buildSchedule(DEFAULT_SCENES, 6).framesPerGop).toBe(180);
    expect(gopOf(programArgs(buildSchedule(DEFAULT_SCENES, 6), 'out.mp4'))).toBe('180');
    expect(gopOf(programArgs(buildSchedule(DEFAULT_SCENES, 6, 30, 2), 'out.mp4'))).toBe('60');
    for (const bad of [4, 0, 0.01, Number.NaN]) {
      const call = (): unknown => buildSchedule(DEFAULT_SCENES, 6, 30, bad);
      expect(call).toThrow(DemoChannelOptionsError);
      expect(call).toThrow(/gopSeconds must be whole frames at 30 fps that divide the 6 s segment evenly/);
    }
  });

  it('rejects an empty scene list', () => {
    expect(() => buildSchedule([], 1)).toThrow(/scenes must not be empty/);
  });
});

describe('sceneOccurrences', () => {
  const schedule = buildSchedule(
    [
      { name: 'astronaut', image: 'astronaut.png', seconds: 1.5 },
      { name: 'cat', image: 'chelsea.png', seconds: 2 },
      { name: 'coffee', image: 'coffee.png', seconds: 1.5 },
    ],
    1,
  );
  const start = Date.UTC(2026, 0, 1);

  it('gives absolute frames, times and segment positions of each loop of the cat', () => {
    const cats = sceneOccurrences(schedule, start, start, start + 10_000, 'cat');
    expect(cats).toHaveLength(2);
    expect(cats[1]).toEqual({
      name: 'cat',
      loop: 1,
      firstFrame: 195,
      lastFrame: 254,
      startMs: start + 6500,
      lastFrameMs: start + (254 * 1000) / 30,
      firstSegment: { mediaSequence: 6, index: 15 },
      lastSegment: { mediaSequence: 8, index: 14 },
    });
  });

  it('includes a scene that only partly overlaps the range and nothing outside it', () => {
    const found = sceneOccurrences(schedule, start, start + 3400, start + 3600);
    expect(found.map((o) => o.name)).toEqual(['cat', 'coffee']);
  });
});
