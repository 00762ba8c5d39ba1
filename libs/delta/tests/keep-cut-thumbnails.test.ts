/**
 * Kept clips keep their pictures: cut thumbnails are copied from `samples/` (which expires) to
 * `clips/` (kept), on the real S3 stand-in through libs/store.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createDynamoClient, createS3Client, createStore, type Store } from '@catfinder/store';
import { STAND_IN_CREDENTIALS, STAND_IN_REGION, type StandInsOn } from '@catfinder/store/testing';
import { testStandIns } from './helpers/stand-ins';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepCutThumbnails, keptThumbnailKey } from '../src/delta/keep-cut-thumbnails';
import { storeClipperStore } from '../src/store-adapter';

let standIns: StandInsOn;
let s3: S3Client;
let db: Store;

beforeAll(async () => {
  standIns = await testStandIns();
  s3 = createS3Client({ endpoint: standIns.s3.endpoint, region: STAND_IN_REGION, credentials: STAND_IN_CREDENTIALS });
  const dynamo = createDynamoClient({
    endpoint: standIns.dynamodb.endpoint,
    region: STAND_IN_REGION,
    credentials: STAND_IN_CREDENTIALS,
  });
  db = createStore({ env: standIns.env, s3, dynamo });
}, 60_000);
afterAll(async () => {
  db?.close();
  s3?.destroy();
  await standIns?.stop({ removeData: true });
});

describe('keepCutThumbnails', () => {
  it('maps sample keys under clips/ and refuses anything else', () => {
    expect(keptThumbnailKey('samples/demo/100/30.jpg')).toBe('clips/demo/cuts/100/30.jpg');
    expect(keptThumbnailKey('clips/demo/x.jpg')).toBeUndefined();
    expect(keptThumbnailKey('samples/demo/../../x.jpg')).toBeUndefined();
  });

  it('copies each thumbnail to clips/ and points the cut there; an expired sample is left off, never fatal', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    await s3.send(
      new PutObjectCommand({
        Bucket: standIns.bucket,
        Key: 'samples/demo/100/30.jpg',
        Body: jpeg,
        ContentType: 'image/jpeg',
      }),
    );
    const missing: string[] = [];
    const cuts = await keepCutThumbnails(
      storeClipperStore(db),
      [
        { time: '2026-11-26T17:00:01.000Z', frame: '2026-11-26 17:00:01;00', thumbnailUrl: 'samples/demo/100/30.jpg' },
        { time: '2026-11-26T17:00:03.000Z', frame: '2026-11-26 17:00:03;00', thumbnailUrl: 'samples/demo/101/2.jpg' },
        { time: '2026-11-26T17:00:04.000Z', frame: '2026-11-26 17:00:04;00' },
      ],
      (key) => missing.push(key),
    );
    expect(cuts).toEqual([
      { time: '2026-11-26T17:00:01.000Z', frame: '2026-11-26 17:00:01;00', thumbnailUrl: 'clips/demo/cuts/100/30.jpg' },
      { time: '2026-11-26T17:00:03.000Z', frame: '2026-11-26 17:00:03;00' },
      { time: '2026-11-26T17:00:04.000Z', frame: '2026-11-26 17:00:04;00' },
    ]);
    expect(missing).toEqual(['samples/demo/101/2.jpg']);
    const kept = await s3.send(new GetObjectCommand({ Bucket: standIns.bucket, Key: 'clips/demo/cuts/100/30.jpg' }));
    expect(kept.ContentType).toBe('image/jpeg');
    expect([...(await kept.Body!.transformToByteArray())]).toEqual([...jpeg]);
  });
});
