/**
 * Delta clips copied to our own origin: the DeltaClipper with `copyToOrigin` downloads the MP4 of
 * the live-to-VOD it asked the fake Delta server for, checks its frame count, makes a poster and
 * publishes both under `clips/` (libs/store on the real stand-ins). A slow Delta, an HTTP error or
 * an MP4 of the wrong length fails the clip with that reason and leaves nothing under `clips/`.
 */
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createDynamoClient, createS3Client, createStore, type Store } from '@catfinder/store';
import { STAND_IN_CREDENTIALS, STAND_IN_REGION, type StandInsOn } from '@catfinder/store/testing';
import { testStandIns } from './helpers/stand-ins';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeltaClipper } from '../src/delta/clipper';
import type { ClipRequest } from '../src/types';
import { storeClipperStore } from '../src/store-adapter';
import { startFakeDelta, type FakeDelta, type MediaAnswer } from './helpers/fake-delta-server';
import { renderMp4 } from './helpers/render-mp4';

let standIns: StandInsOn;
let s3: S3Client;
let delta: FakeDelta;
let db: Store;
let mp4For: (frames: number) => Uint8Array;
let answer: (path: string) => MediaAnswer | undefined = () => undefined;
const mp4s = new Map<number, Uint8Array>();

const t0 = Date.parse('2026-11-26T17:00:00.000Z');
let n = 0;
/** A 180-frame (6 s at 30 fps) clip request; each test uses its own time range (its own clip id). */
function request(): ClipRequest {
  const start = t0 + 60_000 * ++n;
  const end = start + 5966;
  return {
    channel: 'demo',
    label: 'Cat',
    startFrame: { mediaSequence: 100 * n, index: 0, time: new Date(start).toISOString() },
    endFrame: { mediaSequence: 100 * n + 2, index: 29, time: new Date(end).toISOString() },
    frameRate: 30,
    lastSegmentSeenAt: new Date(Date.now() - 2000).toISOString(),
    detectorCalls: 1,
    appearanceId: `a${start}`,
    cuts: [],
  };
}

function clipper(timeoutMs = 2000): DeltaClipper {
  return new DeltaClipper({
    store: storeClipperStore(db),
    client: { baseUrl: delta.url, user: delta.user, apiKey: delta.apiKey, timeoutMs: 2000 },
    contentName: 'catfinder-live',
    copyToOrigin: { timeoutMs },
  });
}

async function exists(key: string): Promise<boolean> {
  return s3.send(new HeadObjectCommand({ Bucket: standIns.bucket, Key: key })).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  [standIns, delta] = await Promise.all([testStandIns(), startFakeDelta({ media: (path) => answer(path) })]);
  delta.addContent('catfinder-live');
  s3 = createS3Client({ endpoint: standIns.s3.endpoint, region: STAND_IN_REGION, credentials: STAND_IN_CREDENTIALS });
  const dynamo = createDynamoClient({
    endpoint: standIns.dynamodb.endpoint,
    region: STAND_IN_REGION,
    credentials: STAND_IN_CREDENTIALS,
  });
  db = createStore({ env: standIns.env, s3, dynamo });
  for (const frames of [180, 150]) mp4s.set(frames, await renderMp4(frames));
  mp4For = (frames) => mp4s.get(frames)!;
}, 90_000);
afterAll(async () => {
  db?.close();
  s3?.destroy();
  await delta?.stop();
  await standIns?.stop({ removeData: true });
});

describe('DeltaClipper copying the Delta MP4 to our origin', () => {
  it('publishes the MP4 and a poster under clips/ and records those keys, not Delta URLs', async () => {
    answer = () => ({ body: mp4For(180) });
    const { clip } = await clipper().createClip(request());
    expect(clip).toMatchObject({
      status: 'ready',
      frameCount: 180,
      mp4Url: `clips/demo/${clip.id}.mp4`,
      posterUrl: `clips/demo/${clip.id}.jpg`,
    });
    const mp4 = await s3.send(new GetObjectCommand({ Bucket: standIns.bucket, Key: clip.mp4Url }));
    expect(mp4.ContentType).toBe('video/mp4');
    expect(Buffer.from(await mp4.Body!.transformToByteArray()).equals(Buffer.from(mp4For(180)))).toBe(true);
    const poster = await s3.send(new GetObjectCommand({ Bucket: standIns.bucket, Key: clip.posterUrl }));
    expect(poster.ContentType).toBe('image/jpeg');
    expect([...(await poster.Body!.transformToByteArray()).subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect(delta.requests.some((r) => r.path.startsWith('/out/content/') && r.path.endsWith('.mp4'))).toBe(true);
  });

  const failures: [string, () => MediaAnswer, RegExp][] = [
    ['slow', () => ({ body: mp4For(180), delayMs: 1500 }), /no answer within 300 ms/],
    ['4xx', () => ({ status: 404, body: 'gone' }), /HTTP 404: gone/],
    ['5xx', () => ({ status: 503, body: 'busy' }), /HTTP 503: busy/],
    ['wrong duration', () => ({ body: mp4For(150) }), /has 150 frames, the clip bounds 180/],
  ];
  it.each(failures)(
    'fails the clip with the reason when Delta is %s, leaving nothing under clips/',
    async (_name, media, reason) => {
      answer = media;
      const { clip } = await clipper(300).createClip(request());
      expect(clip.status).toBe('failed');
      expect(clip.reason).toMatch(reason);
      expect(await exists(`clips/demo/${clip.id}.mp4`)).toBe(false);
      expect(await exists(`clips/demo/${clip.id}.jpg`)).toBe(false);
    },
  );
});
