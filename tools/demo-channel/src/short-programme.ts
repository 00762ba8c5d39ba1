import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_PATTERN } from './constants';
import type { DemoChannelOptions } from './types';

/**
 * A 6 s programme for tests that need the cat soon and often: 1 s segments; the cat (frames
 * 45–134 of every 180-frame loop) starts mid-segment (sequence 1, index 15) and ends mid-segment
 * (sequence 4, index 14), where a hard cut to the coffee closes it. Used with
 * {@link SHARED_PROGRAMME_CACHE}, it is rendered once per test run for every project.
 */
export const SHORT_PROGRAMME = {
  segmentSeconds: 1,
  scenes: [
    { name: 'astronaut', image: 'astronaut.png', seconds: 1.5 },
    { name: 'cat', image: 'chelsea.png', seconds: 3 },
    { name: 'coffee', image: 'coffee.png', seconds: 1.5 },
  ],
} as const satisfies DemoChannelOptions;

/**
 * Render cache shared by the test files of every project in a run: the channel names each
 * rendered programme by a hash of its ffmpeg arguments and writes it atomically.
 */
export const SHARED_PROGRAMME_CACHE = join(tmpdir(), 'catfinder-test-programs');

/**
 * A 30 s showcase programme (2 s segments, 15 per loop) for the dashboard and the detector:
 * | scene | frames | seconds | segments |
 * | testpattern | 0–89 | 0–3 | 0 – 1 (idx 29) |
 * | person (astronaut Eileen Collins, named in `DEMO_FACES_DIR`) | 90–269 | 3–9 | 1 (idx 30) – 4 (idx 29) |
 * | cat | 270–464 | 9–15.5 | 4 (idx 30) – 7 (idx 44) |
 * | rocket | 465–614 | 15.5–20.5 | 7 (idx 45) – 10 (idx 14) |
 * | coffee, the cat walks in | 615–899 | 20.5–30 | 10 (idx 15) – 14 (idx 59) |
 * In the last scene the cat slides in from the right edge without a cut: first visible at frame
 * 726 (24.2 s, sequence 12 index 6), centred from frame 755 to the end of the loop (899).
 * `visibleIntervals(schedule, programStartMs, from, to, 'cat')` lists both kinds of cat.
 */
export const SHOWCASE_PROGRAMME = {
  segmentSeconds: 2,
  scenes: [
    { name: 'testpattern', image: TEST_PATTERN, seconds: 3 },
    { name: 'person', image: 'astronaut.png', seconds: 6 },
    { name: 'cat', image: 'chelsea.png', seconds: 6.5 },
    { name: 'rocket', image: 'rocket.jpg', seconds: 5 },
    {
      name: 'coffee',
      image: 'coffee.png',
      seconds: 9.5,
      walkIn: { name: 'cat', image: 'chelsea.png', atSeconds: 3.7, slideSeconds: 1, heightFraction: 0.8 },
    },
  ],
} as const satisfies DemoChannelOptions;

/** The face gallery of the demo programme: `<dir>/<Name>/*.jpg` (see its SOURCES.md). */
export const DEMO_FACES_DIR = fileURLToPath(new URL('../fixtures/faces/', import.meta.url));
