import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
