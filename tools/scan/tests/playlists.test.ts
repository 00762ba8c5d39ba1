/**
 * Playlist inputs served on 127.0.0.1: a VOD playlist (through its master playlist), a VOD
 * playlist of fMP4 segments, and an EVENT playlist that grows until its ENDLIST — each scanned by
 * the real pipeline into the same exact clip of the cat.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan, type ScanOutcome } from '../src';
import { sharedDetector } from './helpers/detector';
import { CAT_FRAMES, hlsVod, SHORT_TRUTH } from './helpers/inputs';
import { startOrigin, type TestOrigin } from './helpers/server';

let work: string;
let truthPath: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scan-playlists-'));
  truthPath = join(work, 'truth.json');
  await writeFile(truthPath, JSON.stringify(SHORT_TRUTH));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const run = (input: string, out: string): Promise<ScanOutcome> => scan({ input, outDir: join(work, out), truth: truthPath, detectorFactory: sharedDetector() });

function expectTheCat(outcome: ScanOutcome): void {
  expect(outcome.damaged).toEqual([]);
  expect(outcome.clips.map((c) => [c.record.label, c.record.status, c.firstFrame, c.lastFrame])).toEqual([['Cat', 'ready', CAT_FRAMES[0], CAT_FRAMES[1]]]);
  expect(outcome.score).toMatchObject({ recall: 1, precision: 1, frameErrors: 0 });
  expect(outcome.frames).toBe(180);
}

describe('scan of a playlist', () => {
  let origin: TestOrigin;
  let fmp4: TestOrigin;
  beforeAll(async () => {
    origin = await startOrigin(dirname(await hlsVod('ts')), 'index.m3u8');
    fmp4 = await startOrigin(dirname(await hlsVod('fmp4')), 'index.m3u8');
  });
  afterAll(async () => {
    await origin?.close();
    await fmp4?.close();
  });

  it('reads a VOD playlist (ENDLIST) served on 127.0.0.1, through its master playlist', async () => {
    expectTheCat(await run(`${origin.url}/master.m3u8`, 'vod'));
  });

  it('reads a VOD playlist of fMP4 segments (EXT-X-MAP)', async () => {
    expectTheCat(await run(`${fmp4.url}/index.m3u8`, 'vod-fmp4'));
  });

  it('follows an EVENT playlist until its ENDLIST appears', async () => {
    const outcome = await run(`${origin.url}/event.m3u8`, 'event');
    expectTheCat(outcome);
    expect(outcome.parts).toBe(6);
  });
});
