/**
 * The samples of a segment of a later timeline epoch (after an encoder restart) are stored with
 * that epoch, so prekog can keep an appearance's neighbouring samples to its own timeline.
 * Real ffmpeg (one generated 1 s segment), processSegment through the real ParseStore adapter on
 * the stand-ins (dynalite + s3rver).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '@catfinder/store';
import { testStore } from '../helpers/stand-ins';
import { renderTestSegment } from '../helpers/test-segment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Detector, LiveSegment } from '../../src/ports';
import { processSegment } from '../../src/process-segment';
import { createParseStore } from '../../src/store-adapter';

const START = Date.UTC(2026, 10, 26, 17, 0, 0);
let store: Store;
let stopStore: (() => Promise<void>) | undefined;
let dir: string;
let segmentPath: string;

const detector: Detector = { detect: async () => ({ Labels: [], LabelModelVersion: 'test' }) };

const live = (mediaSequence: number, epoch: number): LiveSegment => ({
  mediaSequence,
  epoch,
  uri: `http://127.0.0.1/seg${mediaSequence}.ts`,
  duration: 1,
  discontinuitySequence: 0,
  startTime: START,
  clock: 'program-date-time',
  firstSeenAt: START + 1100,
  extension: 'ts',
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'catfinder-parse-sample-epoch-'));
  ({ store, stop: stopStore } = await testStore());
  segmentPath = join(dir, 'source.ts');
  await renderTestSegment(segmentPath, 'mpegts');
});

afterAll(async () => {
  await stopStore?.();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('samples carry their timeline epoch', () => {
  it('stores the samples of an epoch-2 segment with epoch 2 (and its images under e2/)', async () => {
    const workDir = await mkdtemp(join(dir, 'work-'));
    const adapter = createParseStore({ ...store, publishFeeds: async () => undefined });
    const processed = await processSegment(
      {
        channel: 'restart',
        segment: live(0, 2),
        bytes: await readFile(segmentPath),
        workDir,
        cutThreshold: 0.3,
        sampleIntervalSeconds: 0.5,
        analysisMaxWidth: 160,
        detectConcurrency: 1,
        triggers: [],
        signal: AbortSignal.timeout(60_000),
      },
      { store: adapter, detector },
    );
    expect(processed.samples.length).toBeGreaterThan(1);
    expect(processed.samples.every((s) => s.epoch === 2)).toBe(true);
    const far = START + 60_000;
    const epoch2 = await store.frames.before('restart', far, { limit: 100, epoch: 2 });
    expect(epoch2.items.map((f) => [f.mediaSequence, f.index, f.epoch])).toEqual(
      [...processed.samples].reverse().map((s) => [0, s.index, 2]),
    );
    expect(epoch2.items.every((f) => f.imageKey?.startsWith('samples/restart/e2/0/'))).toBe(true);
    expect((await store.frames.before('restart', far, { limit: 100, epoch: 0 })).items).toEqual([]);
  });
});
