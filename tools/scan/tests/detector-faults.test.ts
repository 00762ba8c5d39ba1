/**
 * Detector failures, injected by wrapping the real local detector: an occasional failure is
 * parse's rule (retry once, else the sample is recorded unread and the scan goes on); a detector
 * that fails on every one of the first calls stops the scan at once with the reason.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scan, ScanError } from '../src';
import type { Detector } from '../src/apps';
import { sharedDetector } from './helpers/detector';
import { CAT_FRAMES, shortProgramme } from './helpers/inputs';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scan-detector-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

it('retries a failed detector call once and still finds the cat', async () => {
  const real = await sharedDetector()();
  let calls = 0;
  const flaky: Detector = {
    detect: (image) => (++calls === 2 ? Promise.reject(new Error('throttled')) : real.detect(image)),
  };
  const outcome = await scan({
    input: await shortProgramme(),
    outDir: join(work, 'flaky'),
    detectorFactory: async () => flaky,
    partSeconds: 1,
  });
  expect(outcome.detectorErrors).toBe(1);
  expect(outcome.detectorCalls).toBe(outcome.samples + 1);
  expect(outcome.clips.map((c) => [c.record.status, c.firstFrame, c.lastFrame])).toEqual([
    ['ready', CAT_FRAMES[0], CAT_FRAMES[1]],
  ]);
});

it('stops with the reason when the detector fails on every one of the first calls', async () => {
  const broken: Detector = { detect: () => Promise.reject(new Error('no credentials')) };
  const error = await scan({
    input: await shortProgramme(),
    outDir: join(work, 'broken'),
    detectorFactory: async () => broken,
    partSeconds: 1,
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScanError);
  expect((error as Error).message).toMatch(
    /the local detector failed on all of the first \d+ calls; stopping \(first error: no credentials\)/,
  );
});
