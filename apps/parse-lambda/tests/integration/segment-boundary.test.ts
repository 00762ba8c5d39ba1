/**
 * A cut exactly on a segment boundary is found even when the sampling carry names a boundary
 * artefact that no longer exists (a new Lambda instance, or the previous run's work directory
 * removed): processSegment hands libs/media the previous segment's file as well, and frame 0 is
 * scored against it instead of being scored 0. Real ffmpeg, two generated 2 s segments.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFfmpeg } from '@catfinder/media';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Detector, LiveSegment } from '../../src/ports';
import { processSegment, type ProcessDeps, type ProcessSegmentInput } from '../../src/process-segment';

const FPS = 30;
const SEGMENT_SECONDS = 2;
let dir: string;
let segments: string[];

const detector: Detector = { detect: async () => ({ Labels: [], LabelModelVersion: 'test' }) };
const deps: ProcessDeps = { store: { putObject: async () => {}, putSamples: async () => {} }, detector };

const live = (mediaSequence: number): LiveSegment => ({
  mediaSequence,
  epoch: 0,
  uri: `http://127.0.0.1/seg${mediaSequence}.ts`,
  duration: SEGMENT_SECONDS,
  discontinuitySequence: 0,
  startTime: Date.UTC(2026, 10, 26, 17, 0, 0) + mediaSequence * SEGMENT_SECONDS * 1000,
  clock: 'program-date-time',
  firstSeenAt: Date.now(),
  extension: 'ts',
});

const input = (
  mediaSequence: number,
  workDir: string,
  extra: Partial<ProcessSegmentInput> = {},
): ProcessSegmentInput => ({
  channel: 'boundary',
  segment: live(mediaSequence),
  bytes: new Uint8Array(),
  workDir,
  cutThreshold: 0.3,
  sampleIntervalSeconds: 1,
  analysisMaxWidth: 640,
  detectConcurrency: 1,
  triggers: [],
  signal: AbortSignal.timeout(60_000),
  ...extra,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'catfinder-parse-boundary-'));
  // Blue for one segment, then red: the only cut is frame 0 of the second segment.
  await runFfmpeg(
    [
      '-f',
      'lavfi',
      '-i',
      `color=c=blue:s=160x120:r=${FPS}:d=${SEGMENT_SECONDS}`,
      '-f',
      'lavfi',
      '-i',
      `color=c=red:s=160x120:r=${FPS}:d=${SEGMENT_SECONDS}`,
      '-filter_complex',
      '[0:v][1:v]concat=n=2:v=1:a=0,format=yuv420p[v]',
      '-map',
      '[v]',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-g',
      String(FPS * SEGMENT_SECONDS),
      '-keyint_min',
      String(FPS * SEGMENT_SECONDS),
      '-sc_threshold',
      '0',
      '-f',
      'hls',
      '-hls_time',
      String(SEGMENT_SECONDS),
      '-hls_list_size',
      '0',
      '-hls_segment_filename',
      join(dir, 'seg%d.ts'),
      join(dir, 'index.m3u8'),
    ],
    { timeoutMs: 120_000 },
  );
  segments = (await readdir(dir))
    .filter((n) => /^seg\d+\.ts$/.test(n))
    .sort()
    .map((n) => join(dir, n));
}, 150_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('processSegment across a segment boundary', () => {
  it('finds the cut on frame 0 when the carried boundary artefact is gone, using the previous segment file', async () => {
    expect(segments).toHaveLength(2);
    const [first, second] = segments as [string, string];
    // The run that processed the first segment, in a work directory that then disappears.
    const oldWork = await mkdtemp(join(dir, 'old-run-'));
    const a = await processSegment(input(0, oldWork, { bytes: await readFile(first) }), deps);
    expect(a.analysis.carry.boundary).toBeDefined();
    expect(a.analysis.cuts).toEqual([]);
    await rm(oldWork, { recursive: true, force: true });

    // A new process: the carry still names the (now missing) artefact; parse has the previous segment's file.
    const newWork = await mkdtemp(join(dir, 'new-run-'));
    const b = await processSegment(
      input(1, newWork, { bytes: await readFile(second), carry: a.analysis.carry, previousPath: first }),
      deps,
    );
    expect(b.analysis.boundaryScored).toBe(true);
    expect(b.analysis.cuts).toEqual([0]);
    expect(b.samples[0]).toMatchObject({ index: 0, isCut: true });
  }, 120_000);
});
