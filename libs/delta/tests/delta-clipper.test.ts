/**
 * The Delta-backed Clipper as CLIPPER=delta configures it: records in the clips table and the feed
 * in the bucket (libs/store on the real stand-ins), media made by the fake Delta server and copied
 * to our origin (`clips/`); Delta's errors end up on the clip record with the server's message.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { CLIPS_FEED_KEY, createDynamoClient, createS3Client, createStore, type Store } from '@catfinder/store';
import { STAND_IN_CREDENTIALS, STAND_IN_REGION, type StandInsOn } from '@catfinder/store/testing';
import { testStandIns } from './helpers/stand-ins';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readClipperConfig } from '../src/config';
import { createClipper } from '../src/create-clipper';
import { DeltaClipper } from '../src/delta/clipper';
import type { ClipRequest } from '../src/types';
import { storeClipperStore } from '../src/store-adapter';
import type { ClipperStore } from '../src/store-port';
import { startFakeDelta, type FakeDelta, type MediaAnswer } from './helpers/fake-delta-server';
import { renderMp4 } from './helpers/render-mp4';

let standIns: StandInsOn;
let s3: S3Client;
let delta: FakeDelta;
let db: Store;
let store: ClipperStore;
let contentId: number;
const mp4s = new Map<number, Uint8Array>();

/**
 * The fake Delta's package endpoints serve an MP4 with exactly the frames the live-to-VOD filter
 * asked for (from the PUT that created it), as a frame-accurate Delta would.
 */
function mediaFor(path: string): MediaAnswer | undefined {
  const label = /\/(catfinder-[^/]+)-mp4\.mp4$/.exec(path)?.[1];
  const put = [...delta.requests]
    .reverse()
    .find((r) => r.method === 'PUT' && label !== undefined && r.body.includes(`<label>${label}</label>`));
  const time = (tag: string): number =>
    Date.parse(new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(put?.body ?? '')?.[1] ?? '');
  const body = mp4s.get(Math.round(((time('end_time') - time('start_time')) * 30) / 1000) + 1);
  return body ? { body } : { status: 404, body: `no MP4 for ${path}` };
}

const t0 = Date.parse('2026-11-26T17:00:00.000Z');
const request = (startMs: number, endMs: number): ClipRequest => ({
  channel: 'demo',
  label: 'Cat',
  startFrame: { mediaSequence: 100, index: 0, time: new Date(startMs).toISOString() },
  endFrame: { mediaSequence: 100 + Math.floor((endMs - t0) / 2000), index: 29, time: new Date(endMs).toISOString() },
  frameRate: 30,
  lastSegmentSeenAt: new Date(Date.now() - 2000).toISOString(),
  detectorCalls: 4,
  appearanceId: `a${startMs}`,
  cuts: [
    {
      time: new Date(startMs + 1000).toISOString(),
      frame: '2026-11-26 17:00:01;00',
      thumbnailUrl: 'samples/demo/100/30.jpg',
    },
  ],
});

const env = (): Record<string, string> => ({
  CLIPPER: 'delta',
  DELTA_URL: delta.url,
  DELTA_CONTENTNAME: 'catfinder-live',
  DELTA_USER: delta.user,
  DELTA_API_KEY: delta.apiKey,
  DELTA_TIMEOUT_MS: '500',
});

beforeAll(async () => {
  [standIns, delta] = await Promise.all([testStandIns(), startFakeDelta({ media: (path) => mediaFor(path) })]);
  // 6 s (request t0..t0+5966) and 1 s (t0+60 s..t0+61 s) clips at 30 fps
  for (const frames of [180, 31]) mp4s.set(frames, await renderMp4(frames));
  contentId = delta.addContent('catfinder-live');
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
  await delta?.stop();
  await standIns?.stop({ removeData: true });
});
beforeEach(() => {
  store = storeClipperStore(db);
  delta.faults.length = 0;
  delta.requests.length = 0;
});

async function feedClip(id: string): Promise<Record<string, unknown> | undefined> {
  const out = await s3.send(new GetObjectCommand({ Bucket: standIns.bucket, Key: CLIPS_FEED_KEY }));
  const feed = JSON.parse(await out.Body!.transformToString()) as { clips: Record<string, unknown>[] };
  return feed.clips.find((c) => c.id === id);
}

describe('DeltaClipper', () => {
  it('is what CLIPPER=delta configures', () => {
    expect(createClipper(readClipperConfig(env()), { store })).toBeInstanceOf(DeltaClipper);
    expect(createClipper(readClipperConfig({}), { store }).kind).toBe('builtin');
  });

  it('asks Delta for a frame-accurate live-to-VOD and records its copy on our origin (same-origin keys, not Delta URLs)', async () => {
    const clipper = createClipper(readClipperConfig(env()), { store });
    const { clip, created } = await clipper.createClip(request(t0, t0 + 5966));
    expect(created).toBe(true);
    expect(clip).toMatchObject({
      status: 'ready',
      startFrame: '2026-11-26 17:00:00;00',
      endFrame: '2026-11-26 17:00:05;29',
      frameCount: 180,
      durationSeconds: 6,
      detectorCalls: 4,
    });
    // the MP4 Delta made, fetched from its package endpoint and published under clips/ with a poster
    expect(
      delta.requests.some(
        (r) =>
          r.method === 'GET' &&
          new RegExp(`^/out/content/${contentId}/\\d+/catfinder-${clip.id}-mp4\\.mp4$`).test(r.path),
      ),
    ).toBe(true);
    expect(clip.mp4Url).toBe(`clips/demo/${clip.id}.mp4`);
    expect(clip.posterUrl).toBe(`clips/demo/${clip.id}.jpg`);
    expect(clip.hlsUrl).toBeUndefined();
    expect(clip.latencySeconds).toBeGreaterThanOrEqual(2);
    const mp4 = await s3.send(new GetObjectCommand({ Bucket: standIns.bucket, Key: clip.mp4Url }));
    expect(mp4.ContentType).toBe('video/mp4');
    expect(Buffer.from(await mp4.Body!.transformToByteArray()).equals(Buffer.from(mp4s.get(180)!))).toBe(true);
    const poster = await s3.send(new GetObjectCommand({ Bucket: standIns.bucket, Key: clip.posterUrl! }));
    expect([...(await poster.Body!.transformToByteArray()).subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect(await db.clips.get(clip.id)).toMatchObject({
      status: 'ready',
      mp4Key: clip.mp4Url,
      posterKey: clip.posterUrl,
      detectorCalls: 4,
      frameCount: 180,
      appearanceId: `a${t0}`,
      cuts: [{ time: t0 + 1000, frame: '2026-11-26 17:00:01;00', imageKey: 'samples/demo/100/30.jpg' }],
    });
    expect(clip.cuts).toEqual([
      { time: '2026-11-26T17:00:01.000Z', frame: '2026-11-26 17:00:01;00', thumbnailUrl: 'samples/demo/100/30.jpg' },
    ]);
    const put = delta.requests.find((r) => r.method === 'PUT');
    expect(put?.body).toContain('<start_time>2026-11-26T17:00:00.000Z</start_time>');
    expect(put?.body).toContain('<end_frame>2026-11-26 17:00:05;29</end_frame>');
    const listed = await feedClip(clip.id);
    expect(listed).toMatchObject({ status: 'ready', mp4Url: clip.mp4Url, posterUrl: clip.posterUrl });
    expect(JSON.stringify(listed)).not.toContain(delta.url);

    const again = await clipper.createClip(request(t0, t0 + 5966));
    expect(again.created).toBe(false);
    expect(again.clip.id).toBe(clip.id);
  });

  it('records a Delta HTTP error on the clip with the server message', async () => {
    const clipper = createClipper(readClipperConfig(env()), { store });
    delta.faults.push(
      { kind: 'none' },
      { kind: 'none' },
      { kind: 'status', status: 500, body: '<errors><error>Live to VOD: content is not recording</error></errors>' },
    );
    const { clip } = await clipper.createClip(request(t0 + 10_000, t0 + 12_000));
    expect(clip.status).toBe('failed');
    expect(clip.reason).toMatch(
      /^Delta PUT http:\/\/127\.0\.0\.1:\d+\/api\/contents\/\d+: HTTP 500: Live to VOD: content is not recording$/,
    );
    expect(await feedClip(clip.id)).toMatchObject({ status: 'failed', reason: clip.reason });
  });

  it('records bad XML and timeouts from Delta on the clip', async () => {
    const clipper = createClipper(readClipperConfig(env()), { store });
    delta.faults.push({ kind: 'body', body: '<contents><content>' });
    const bad = await clipper.createClip(request(t0 + 20_000, t0 + 22_000));
    expect(bad.clip.status).toBe('failed');
    expect(bad.clip.reason).toMatch(/unexpected response: malformed XML/);

    const slow = createClipper(readClipperConfig({ ...env(), DELTA_TIMEOUT_MS: '100' }), { store });
    for (let i = 0; i < 3; i += 1) delta.faults.push({ kind: 'delay', ms: 600 });
    const timedOut = await slow.createClip(request(t0 + 30_000, t0 + 32_000));
    expect(timedOut.clip.status).toBe('failed');
    expect(timedOut.clip.reason).toMatch(/no answer within 100 ms/);
  });

  it('records a missing Delta content by name', async () => {
    const clipper = createClipper(readClipperConfig({ ...env(), DELTA_CONTENTNAME: 'gone' }), { store });
    const { clip } = await clipper.createClip(request(t0 + 40_000, t0 + 42_000));
    expect(clip.status).toBe('failed');
    expect(clip.reason).toContain('no content named "gone"');
  });

  it('records end-before-start without calling Delta', async () => {
    const clipper = createClipper(readClipperConfig(env()), { store });
    const { clip } = await clipper.createClip(request(t0 + 52_000, t0 + 50_000));
    expect(clip.status).toBe('failed');
    expect(clip.reason).toMatch(/^end before start/);
    expect(delta.requests).toHaveLength(0);
  });

  it('looks the content up again after Delta says it is gone (404)', async () => {
    const clipper = createClipper(readClipperConfig({ ...env(), DELTA_CONTENTNAME: 'recreated' }), { store });
    const oldId = delta.addContent('recreated');
    expect((await clipper.createClip(request(t0 + 60_000, t0 + 61_000))).clip.status).toBe('ready');
    delta.removeContent(oldId);
    const newId = delta.addContent('recreated');
    const gone = await clipper.createClip(request(t0 + 62_000, t0 + 63_000));
    expect(gone.clip.status).toBe('failed');
    expect(gone.clip.reason).toContain(`HTTP 404: Content not found: /contents/${oldId}`);
    const next = await clipper.createClip(request(t0 + 64_000, t0 + 65_000));
    expect(next.clip.status).toBe('ready');
    expect(next.clip.mp4Url).toBe(`clips/demo/${next.clip.id}.mp4`);
    expect(
      delta.requests.some(
        (r) =>
          r.method === 'GET' &&
          r.path.startsWith(`/out/content/${newId}/`) &&
          r.path.endsWith(`catfinder-${next.clip.id}-mp4.mp4`),
      ),
    ).toBe(true);
  });
});
