/**
 * Playlist inputs served on 127.0.0.1: a VOD playlist (through its master playlist), a VOD
 * playlist of fMP4 segments, and an EVENT playlist that grows until its ENDLIST — each scanned by
 * the real pipeline into the same exact clip of the cat.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPlaylistSource, scan, ScanInputError, type ScanOutcome } from '../src';
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

const run = (input: string, out: string): Promise<ScanOutcome> =>
  scan({ input, outDir: join(work, out), truth: truthPath, detectorFactory: sharedDetector() });

function expectTheCat(outcome: ScanOutcome): void {
  expect(outcome.damaged).toEqual([]);
  expect(outcome.clips.map((c) => [c.record.label, c.record.status, c.firstFrame, c.lastFrame])).toEqual([
    ['Cat', 'ready', CAT_FRAMES[0], CAT_FRAMES[1]],
  ]);
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

  it('reports a segment that cannot be fetched as a damaged range, cuts there and scans on', async () => {
    const outcome = await run(`${origin.url}/holey.m3u8`, 'holey');
    expect(outcome.damaged).toHaveLength(1);
    expect(outcome.damaged[0]).toMatchObject({ fromSeconds: 2, toSeconds: 3 });
    expect(outcome.damaged[0]!.reason).toMatch(/missing_2\.ts could not be fetched: .*404/);
    // The cat on either side of the missing second (frames 60-89) is clipped exactly.
    expect(outcome.clips.map((c) => [c.record.status, c.firstFrame, c.lastFrame])).toEqual([
      ['ready', 45, 59],
      ['ready', 90, 134],
    ]);
    expect(outcome.frames).toBe(150);
  });

  it('gives up an EVENT playlist that stops growing without an ENDLIST', async () => {
    const source = await openPlaylistSource(`${origin.url}/stuck.m3u8`, { workDir: work, stallSeconds: 1 });
    const parts: number[] = [];
    const error = await (async () => {
      for await (const part of source.parts(new AbortController().signal)) parts.push(part.sequence);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(parts).toEqual([0, 1]);
    expect(error).toBeInstanceOf(ScanInputError);
    expect((error as ScanInputError).problem).toBe('stalled');
    expect((error as Error).message).toMatch(/stuck\.m3u8: EVENT playlist gained no segment for 1 s/);
  });
});
