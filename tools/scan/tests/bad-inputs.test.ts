/**
 * Bad input gets one clear, typed error naming the input and what is wrong — and damage in the
 * middle of a file is reported as a range while the rest is still scanned.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan, ScanInputError, TruthFileError, type ScanOutcome } from '../src';
import { sharedDetector } from './helpers/detector';
import {
  audioOnly,
  corruptMiddleTs,
  hlsVod,
  notMedia,
  truncatedMp4,
  truncatedNoIndexMp4,
  unsupported,
} from './helpers/inputs';
import { startOrigin, type TestOrigin } from './helpers/server';
import { writeFile } from 'node:fs/promises';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scan-bad-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const run = (input: string, out: string): Promise<ScanOutcome> =>
  scan({ input, outDir: join(work, out), detectorFactory: sharedDetector(), partSeconds: 1 });

async function rejection(promise: Promise<unknown>): Promise<ScanInputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScanInputError);
  return error as ScanInputError;
}

describe('unusable input', () => {
  it('refuses a file that is not media, naming it', async () => {
    const input = await notMedia();
    const error = await rejection(run(input, 'text'));
    expect(error.problem).toBe('not-media');
    expect(error.input).toBe(input);
    expect(error.message).toContain(input);
    expect(error.message).toMatch(/is not a media file/);
    expect(error.retryable).toBe(false);
  });

  it('refuses a missing file', async () => {
    const error = await rejection(run(join(work, 'nope.mp4'), 'missing'));
    expect(error.problem).toBe('missing');
    expect(error.message).toMatch(/nope\.mp4: cannot be read \(ENOENT\)/);
  });

  it('names an MP4 cut short before its index (written without +faststart)', async () => {
    const error = await rejection(run(await truncatedNoIndexMp4(), 'no-index'));
    expect(error.problem).toBe('not-media');
    expect(error.message).toMatch(/no-index\.mp4: is an MP4\/MOV without its index \(moov atom not found\)/);
  });

  it('refuses audio only', async () => {
    const error = await rejection(run(await audioOnly(), 'audio'));
    expect(error.problem).toBe('audio-only');
    expect(error.message).toMatch(/has no video stream \(audio only: aac\)/);
  });

  it.each([
    ['hevc', 'hevc'],
    ['vp9', 'vp9'],
    ['av1', 'av1'],
  ] as const)('refuses %s video: the cutter is H.264 only', async (codec, named) => {
    const input = await unsupported(codec);
    const error = await rejection(run(input, codec));
    expect(error.problem).toBe('unsupported-codec');
    expect(error.message).toContain(input);
    expect(error.message).toContain(`video codec ${named} is not supported`);
  });

  it('refuses a live playlist (neither ENDLIST nor EVENT) and points at npm start', async () => {
    const vod = await hlsVod();
    const origin: TestOrigin = await startOrigin(dirname(vod), 'index.m3u8');
    try {
      const error = await rejection(run(`${origin.url}/live.m3u8`, 'live'));
      expect(error.problem).toBe('live-playlist');
      expect(error.message).toMatch(/live\.m3u8: is a live playlist .*npm start/);
      const missing = await rejection(run(`${origin.url}/gone.m3u8`, 'gone'));
      expect(missing.problem).toBe('playlist');
      expect(missing.message).toMatch(/gone\.m3u8: cannot be read as an HLS playlist.*404/);
    } finally {
      await origin.close();
    }
  });

  it('refuses a malformed truth file before scanning', async () => {
    const truth = join(work, 'truth.json');
    await writeFile(truth, JSON.stringify({ fps: 25, labels: { Cat: [[10, 5]] } }));
    const error = await scan({ input: await notMedia(), truth, outDir: join(work, 'truth') }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TruthFileError);
    expect((error as Error).message).toMatch(/truth\.json: labels\.Cat\[0\] must be \[first, last\]/);
  });
});

describe('damaged input', () => {
  it('scans a truncated MP4 up to where its media ends and reports the missing range', async () => {
    const outcome = await run(await truncatedMp4(), 'truncated');
    expect(outcome.frames).toBeGreaterThan(30);
    expect(outcome.frames).toBeLessThan(180);
    expect(outcome.damaged).toHaveLength(1);
    const range = outcome.damaged[0]!;
    expect(range.toSeconds).toBeCloseTo(6, 1);
    expect(range.fromSeconds).toBeGreaterThan(1);
    expect(range.fromSeconds).toBeLessThan(5.5);
    expect(range.reason).toMatch(/media ends at .* of a declared 6\.00 s/);
  });

  it('reports a corrupt middle of a TS file as a damaged range and scans the rest', async () => {
    const outcome = await run(await corruptMiddleTs(), 'corrupt');
    // The zeroed bytes cost one whole GOP (frames 60-89); its 2 s part cannot be placed and is skipped.
    expect(outcome.damaged).toHaveLength(1);
    const range = outcome.damaged[0]!;
    expect(range.fromSeconds).toBeCloseTo(2.07, 1);
    expect(range.toSeconds).toBeCloseTo(4.07, 1);
    expect(range.reason).toMatch(/30 frames missing inside part 2 .*skipped/);
    // The rest was scanned to the end, on the source's clock: the cat on either side of the damage
    // is clipped exactly (the damage acts as a hard cut).
    expect(outcome.mediaSeconds).toBeCloseTo(6, 1);
    expect(outcome.frames).toBe(120);
    expect(outcome.clips.map((c) => [c.record.status, c.firstFrame, c.lastFrame])).toEqual([
      ['ready', 45, 59],
      ['ready', 120, 134],
    ]);
  });
});
