/**
 * DETECTOR_BUDGET_PER_MINUTE in processSegment: real ffmpeg on a generated 3 s segment with two
 * cuts (blue → red → green) and timed samples every 0.5 s. Over the budget, samples are not sent,
 * carry `detectSkipped` (labels null, no detector error) and are counted; the cuts are sent first.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFfmpeg } from '@catfinder/media';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Detector, LiveSegment } from '../../src/ports';
import { processSegment, type ProcessSegmentInput } from '../../src/process-segment';

const FPS = 30;
let dir: string;
let segment: Uint8Array;

const live = (mediaSequence: number): LiveSegment => ({
  mediaSequence,
  epoch: 0,
  uri: `http://127.0.0.1/seg${mediaSequence}.ts`,
  duration: 3,
  discontinuitySequence: 0,
  startTime: Date.UTC(2026, 10, 26, 17, 0, 0) + mediaSequence * 3000,
  clock: 'program-date-time',
  firstSeenAt: Date.now(),
  extension: 'ts',
});

function input(channel: string, workDir: string, budget: number | undefined): ProcessSegmentInput {
  return {
    channel,
    segment: live(1),
    bytes: segment,
    workDir,
    cutThreshold: 0.3,
    sampleIntervalSeconds: 0.5,
    analysisMaxWidth: 640,
    detectConcurrency: 1,
    triggers: [],
    signal: AbortSignal.timeout(60_000),
    ...(budget === undefined ? {} : { detectorBudgetPerMinute: budget }),
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'catfinder-parse-budget-'));
  const colour = (c: string): string[] => ['-f', 'lavfi', '-i', `color=c=${c}:s=160x120:r=${FPS}:d=1`];
  await runFfmpeg(
    [
      ...colour('blue'),
      ...colour('red'),
      ...colour('green'),
      '-filter_complex',
      '[0:v][1:v][2:v]concat=n=3:v=1:a=0,format=yuv420p[v]',
      '-map',
      '[v]',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-g',
      String(FPS * 3),
      '-sc_threshold',
      '0',
      '-f',
      'mpegts',
      join(dir, 'seg.ts'),
    ],
    { timeoutMs: 120_000 },
  );
  segment = await readFile(join(dir, 'seg.ts'));
}, 150_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('processSegment with a detector budget', () => {
  it('sends at most the budget, cuts first, and marks and counts every sample it did not send', async () => {
    let calls = 0;
    const detector: Detector = {
      detect: async () => (
        (calls += 1),
        {
          Labels: [{ Name: 'Cat', Confidence: 90, Instances: [], Parents: [], Aliases: [], Categories: [] }],
          LabelModelVersion: 'test',
        }
      ),
    };
    const deps = { store: { putObject: async () => {}, putSamples: async () => {} }, detector };
    // GIVEN no budget: the reference run (how many samples, which are cuts, how many calls)
    const free = await processSegment(input('budget-free', await mkdtemp(join(dir, 'free-')), undefined), deps);
    const cuts = free.samples.filter((s) => s.isCut);
    expect(cuts.length).toBeGreaterThanOrEqual(2);
    expect(free.detectorSkipped).toBe(0);
    expect(free.samples.every((s) => s.detectSkipped === undefined)).toBe(true);
    expect(free.detectorCalls).toBeGreaterThan(cuts.length);
    // WHEN the same segment runs with a budget of exactly the cuts' count
    calls = 0;
    const bounded = await processSegment(
      input('budget-bounded', await mkdtemp(join(dir, 'bounded-')), cuts.length),
      deps,
    );
    // THEN only that many calls were made, all of them for the cuts
    expect(calls).toBe(cuts.length);
    expect(bounded.detectorCalls).toBe(cuts.length);
    expect(
      bounded.samples.filter((s) => s.isCut).every((s) => s.labels !== null && s.detectSkipped === undefined),
    ).toBe(true);
    // AND every other sample that needed a call is marked skipped, has no labels and no error, and is counted
    const skipped = bounded.samples.filter((s) => s.detectSkipped === 'over-budget');
    expect(skipped.length).toBeGreaterThan(0);
    expect(bounded.detectorSkipped).toBe(skipped.length);
    expect(skipped.every((s) => s.labels === null && s.detectError === undefined && !s.isCut)).toBe(true);
    expect(bounded.detectorErrors).toBe(0);
  }, 120_000);
});
