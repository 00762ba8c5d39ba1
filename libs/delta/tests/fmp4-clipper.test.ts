/**
 * The built-in clipper over an fMP4 (CMAF) archive: live `.m4s` fragments of the demo channel
 * published as fMP4, archived the way parse-lambda archives them (the init section once under
 * its own key, each fragment as served, the segment record naming both), fetched back by
 * fetch-segments (init section + fragment = one self-contained file) and cut by libs/media, which
 * remuxes each to MPEG-TS first. Lossless test mode, so every frame is compared exactly.
 */
import { createS3Client, createDynamoClient, createStore, type Store } from '@catfinder/store';
import { STAND_IN_CREDENTIALS, STAND_IN_REGION, type StandInsOn } from '@catfinder/store/testing';
import { testStandIns } from './helpers/stand-ins';
import { SHARED_PROGRAMME_CACHE, SHORT_PROGRAMME, startDemoChannel, type DemoChannel } from '@catfinder/demo-channel';
import { runFfmpeg } from '@catfinder/media';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuiltinClipper } from '../src/builtin/clipper';
import { mediaCutter } from '../src/builtin/media-cutter';
import { storeClipperStore } from '../src/store-adapter';
import type { FrameRef } from '../src/types';
import { collectLiveSegments, type LiveSegment } from './helpers/demo-archive';

const CHANNEL = 'cmaf';
let standIns: StandInsOn;
let channel: DemoChannel;
let db: Store;
let segments: LiveSegment[];
let init: Uint8Array;
let work: string;

beforeAll(async () => {
  [standIns, channel] = await Promise.all([
    testStandIns(),
    startDemoChannel({
      ...SHORT_PROGRAMME,
      cacheDir: SHARED_PROGRAMME_CACHE,
      container: 'fmp4',
      windowSegments: 12,
      audio: true,
    }),
  ]);
  const s3 = createS3Client({
    endpoint: standIns.s3.endpoint,
    region: STAND_IN_REGION,
    credentials: STAND_IN_CREDENTIALS,
  });
  const dynamo = createDynamoClient({
    endpoint: standIns.dynamodb.endpoint,
    region: STAND_IN_REGION,
    credentials: STAND_IN_CREDENTIALS,
  });
  db = createStore({ env: standIns.env, s3, dynamo });
  work = await mkdtemp(join(tmpdir(), 'delta-fmp4-test-'));
  segments = await collectLiveSegments(channel.mediaUrl, 1, 4);
  init = new Uint8Array(await (await fetch(new URL('init.mp4', channel.mediaUrl))).arrayBuffer());
  await channel.stop();
  const initKey = await db.objects.putInitSection(CHANNEL, 'd0-0', 'mp4', init);
  for (const s of segments) {
    const claim = await db.segments.claim(CHANNEL, s.mediaSequence, {
      owner: 'test',
      info: { startTime: channel.frameTime(s.mediaSequence * 30), duration: s.duration },
    });
    if (!claim.claimed) throw new Error(`could not claim ${s.mediaSequence}`);
    const archiveKey = await db.objects.putSegmentArchive(CHANNEL, s.mediaSequence, 'm4s', s.bytes);
    await db.segments.complete(CHANNEL, s.mediaSequence, claim.token, {
      archiveKey,
      initKey,
      discontinuitySequence: 0,
    });
  }
}, 120_000);

afterAll(async () => {
  await channel?.stop();
  db?.close();
  await standIns?.stop({ removeData: true });
  if (work) await rm(work, { recursive: true, force: true });
});

async function frameMd5s(path: string): Promise<string[]> {
  const { stdout } = await runFfmpeg(
    ['-loglevel', 'error', '-i', path, '-map', '0:v:0', '-vsync', '0', '-pix_fmt', 'yuv420p', '-f', 'framemd5', '-'],
    { timeoutMs: 60_000 },
  );
  return stdout
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split(',').pop()?.trim() ?? '');
}

const frame = (mediaSequence: number, index: number): FrameRef => ({
  mediaSequence,
  index,
  time: new Date(channel.frameTime(mediaSequence * 30 + index)).toISOString(),
});

describe('BuiltinClipper on fMP4 archived segments', () => {
  it('cuts a clip across 4 fMP4 segments frame-exactly, with audio', async () => {
    expect(segments.map((s) => s.uri.slice(s.uri.lastIndexOf('/') + 1))).toEqual([
      'seg_1.m4s',
      'seg_2.m4s',
      'seg_3.m4s',
      'seg_4.m4s',
    ]);
    const clipper = new BuiltinClipper({
      store: storeClipperStore(db),
      cutter: mediaCutter({ lossless: true }),
      maxClipSeconds: 60,
    });
    // seq 1 #7 .. seq 4 #12: head 23 re-encoded, seq 2-3 copied, tail 13 re-encoded
    const { clip } = await clipper.createClip({
      channel: CHANNEL,
      label: 'Cat',
      startFrame: frame(1, 7),
      endFrame: frame(4, 12),
      frameRate: 30,
    });
    expect(clip.status, clip.reason).toBe('ready');
    expect(clip.method).toBe('smart');
    expect(clip.frameCount).toBe(96);
    expect(clip.verification).toMatchObject({ passed: true, method: 'framemd5' });

    // Independently: the source decoded straight from the served init section + fragments.
    const sourcePath = join(work, 'source.mp4');
    await writeFile(sourcePath, Buffer.concat([init, ...segments.map((s) => s.bytes)]));
    const clipPath = join(work, 'clip.mp4');
    await writeFile(clipPath, (await db.objects.getBytes(clip.mp4Url!)) ?? new Uint8Array());
    const [source, cut] = await Promise.all([frameMd5s(sourcePath), frameMd5s(clipPath)]);
    expect(cut).toHaveLength(96);
    expect(cut).toEqual(source.slice(7, 7 + 96));
    const audio = await runFfmpeg(
      ['-loglevel', 'error', '-i', clipPath, '-map', '0:a:0', '-f', 's16le', '-ac', '1', '-ar', '48000', '-'],
      { timeoutMs: 30_000 },
    );
    expect(Math.abs(audio.stdout.length / 2 / 48000 - 96 / 30)).toBeLessThan(1 / 30);
  }, 120_000);
});
