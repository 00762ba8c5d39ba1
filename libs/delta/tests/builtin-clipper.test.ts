/**
 * The built-in clipper end to end: real live segments from the demo channel, archived through
 * libs/store into the real DynamoDB and S3 stand-ins (as parse-lambda does), cut with real
 * ffmpeg (lossless mode, so every frame can be compared exactly), published with content types,
 * recorded in the clips table and listed in the clips feed.
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { runFfmpeg } from '@catfinder/media';
import { SHARED_PROGRAMME_CACHE, SHORT_PROGRAMME, startDemoChannel, type DemoChannel } from '@catfinder/demo-channel';
import { CLIPS_FEED_KEY, createDynamoClient, createS3Client, createStore, type Store } from '@catfinder/store';
import { STAND_IN_CREDENTIALS, STAND_IN_REGION, type StandInsOn } from '@catfinder/store/testing';
import { testStandIns } from './helpers/stand-ins';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BuiltinClipper } from '../src/builtin/clipper';
import { clipIdFor, planClip } from '../src/clip-plan';
import { mediaCutter } from '../src/builtin/media-cutter';
import type { ClipRequest, FrameRef } from '../src/types';
import { fetchSegments } from '../src/builtin/fetch-segments';
import { storeClipperStore } from '../src/store-adapter';
import { collectLiveSegments, type LiveSegment } from './helpers/demo-archive';
import { spyStore, type SpyStore } from './helpers/spy-store';

const CHANNEL = 'demo';
const SEGMENTS = 5;
/** The clips here only need real live segments: the short shared programme, rendered once per run. */
const PROGRAM = { ...SHORT_PROGRAMME, cacheDir: SHARED_PROGRAMME_CACHE };

let standIns: StandInsOn;
let channel: DemoChannel;
let s3: S3Client;
let segments: LiveSegment[];
let work: string;
let db: Store;
let store: SpyStore;
let clipper: BuiltinClipper;
let fps: number;
let perSegment: number;

const frame = (mediaSequence: number, index: number): FrameRef => ({
  mediaSequence,
  index,
  time: new Date(channel.frameTime(mediaSequence * perSegment + index)).toISOString(),
});
const request = (start: FrameRef, end: FrameRef, over: Partial<ClipRequest> = {}): ClipRequest => ({
  channel: CHANNEL,
  label: 'Cat',
  startFrame: start,
  endFrame: end,
  frameRate: fps,
  ...over,
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

async function objectBytes(key: string): Promise<Uint8Array> {
  const out = await s3.send(new GetObjectCommand({ Bucket: standIns.bucket, Key: key }));
  return out.Body ? out.Body.transformToByteArray() : new Uint8Array();
}

async function clipObjects(id: string, channelId = CHANNEL): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: standIns.bucket, Prefix: `clips/${channelId}/${id}` }));
  return (out.Contents ?? []).map((o) => o.Key ?? '').sort();
}

async function feed(): Promise<{
  version: number;
  clips: { id: string; status: string; reason?: string; mp4Url?: string }[];
}> {
  return JSON.parse(Buffer.from(await objectBytes(CLIPS_FEED_KEY)).toString('utf8')) as never;
}

beforeAll(async () => {
  [standIns, channel] = await Promise.all([testStandIns(), startDemoChannel({ ...PROGRAM, windowSegments: 12 })]);
  fps = channel.schedule.fps;
  perSegment = channel.schedule.framesPerSegment;
  s3 = createS3Client({ endpoint: standIns.s3.endpoint, region: STAND_IN_REGION, credentials: STAND_IN_CREDENTIALS });
  const dynamo = createDynamoClient({
    endpoint: standIns.dynamodb.endpoint,
    region: STAND_IN_REGION,
    credentials: STAND_IN_CREDENTIALS,
  });
  db = createStore({ env: standIns.env, s3, dynamo });
  work = await mkdtemp(join(tmpdir(), 'delta-test-'));
  segments = await collectLiveSegments(channel.mediaUrl, 1, SEGMENTS);
  await channel.stop();
  await archive(CHANNEL, segments);
}, 120_000);

/** Archives segments the way parse-lambda does: claim, put the bytes, complete with the key. */
async function archive(channelId: string, list: readonly LiveSegment[]): Promise<void> {
  for (const s of list) {
    const startTime = channel.frameTime(s.mediaSequence * perSegment);
    const claim = await db.segments.claim(channelId, s.mediaSequence, {
      owner: 'test',
      info: { startTime, duration: s.duration },
    });
    if (!claim.claimed) throw new Error(`could not claim ${channelId}/${s.mediaSequence}`);
    const archiveKey = await db.objects.putSegmentArchive(channelId, s.mediaSequence, 'ts', s.bytes);
    await db.segments.complete(channelId, s.mediaSequence, claim.token, { archiveKey, discontinuitySequence: 0 });
  }
}

afterAll(async () => {
  await channel?.stop();
  db?.close();
  s3?.destroy();
  await standIns?.stop({ removeData: true });
  if (work) await rm(work, { recursive: true, force: true });
});

beforeEach(() => {
  store = spyStore(storeClipperStore(db));
  clipper = new BuiltinClipper({ store, cutter: mediaCutter({ lossless: true }), maxClipSeconds: 60 });
});

describe('BuiltinClipper, end to end on demo channel segments', () => {
  it('cuts a clip over several segments frame-exactly and publishes it', async () => {
    const first = segments[0]!.mediaSequence;
    const start = frame(first, 7);
    const end = frame(first + 3, 12);
    const result = await clipper.createClip(request(start, end));
    const { clip } = result;
    expect(clip.status, clip.reason).toBe('ready');
    const expectedFrames = 3 * perSegment - 7 + 13;
    expect(clip.frameCount).toBe(expectedFrames);
    expect(clip.durationSeconds).toBeCloseTo(expectedFrames / fps, 6);
    expect(clip.verification).toMatchObject({ passed: true, method: 'framemd5' });
    expect(clip.method).toBe('smart');
    expect(clip.start).toBe(start.time);
    expect(clip.end).toBe(end.time);
    expect(clip.startFrame).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d;\d\d$/);
    expect(clip.mp4Url).toBe(`clips/${CHANNEL}/${clip.id}.mp4`);
    expect(clip.posterUrl).toBe(`clips/${CHANNEL}/${clip.id}.jpg`);
    expect(clip.hlsUrl).toBe(`clips/${CHANNEL}/${clip.id}.m3u8`);
    expect(result.timings?.totalSeconds).toBeGreaterThan(0);

    // Every frame of the clip equals the source frame at the same position.
    const sourcePath = join(work, 'source.ts');
    await writeFile(sourcePath, Buffer.concat(segments.slice(0, 4).map((s) => s.bytes)));
    const clipPath = join(work, 'clip.mp4');
    await writeFile(clipPath, await objectBytes(clip.mp4Url!));
    const [source, cut] = await Promise.all([frameMd5s(sourcePath), frameMd5s(clipPath)]);
    expect(cut).toHaveLength(expectedFrames);
    expect(cut).toEqual(source.slice(7, 7 + expectedFrames));

    // Content types and cache control of every published object.
    const types: Record<string, string> = {};
    for (const key of await clipObjects(clip.id)) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: standIns.bucket, Key: key }));
      types[key.slice(key.lastIndexOf('.') + 1)] = head.ContentType ?? '';
      expect(head.CacheControl).toContain('immutable');
    }
    expect(types).toEqual({
      mp4: 'video/mp4',
      jpg: 'image/jpeg',
      m3u8: 'application/vnd.apple.mpegurl',
      ts: 'video/mp2t',
    });
    const poster = await objectBytes(clip.posterUrl!);
    expect([poster[0], poster[1]]).toEqual([0xff, 0xd8]);
    const playlist = Buffer.from(await objectBytes(clip.hlsUrl!)).toString('utf8');
    expect(playlist).toMatch(/#EXT-X-PLAYLIST-TYPE:VOD/);
    expect(playlist).toMatch(/#EXT-X-BYTERANGE:/);
    expect(playlist).toContain(`${clip.id}.ts`);
    expect(playlist).toContain('#EXT-X-ENDLIST');

    // Listed in the feed, ready, with its URLs.
    const listed = (await feed()).clips.find((c) => c.id === clip.id);
    expect(listed).toMatchObject({ status: 'ready', mp4Url: clip.mp4Url });
  });

  it('gives the same clip, not a second one, for the same bounds', async () => {
    const first = segments[0]!.mediaSequence;
    const a = await clipper.createClip(request(frame(first + 1, 0), frame(first + 2, 5)));
    expect(a.created).toBe(true);
    expect(a.clip.status).toBe('ready');
    const putsAfterFirst = store.puts.length;
    const b = await clipper.createClip(request(frame(first + 1, 0), frame(first + 2, 5)));
    expect(b.created).toBe(false);
    expect(b.clip).toEqual(a.clip);
    expect(store.puts.length).toBe(putsAfterFirst);
    expect((await feed()).clips.filter((c) => c.id === a.clip.id)).toHaveLength(1);
  });

  it('keeps on the record and in the feed that a timeline break cut the clip short', async () => {
    const first = segments[0]!.mediaSequence;
    const { clip } = await clipper.createClip({
      ...request(frame(first + 2, 0), frame(first + 2, 9)),
      cutShortBy: 'reset',
    });
    expect(clip).toMatchObject({ status: 'ready', cutShortBy: 'reset', frameCount: 10 });
    expect((await feed()).clips.find((c) => c.id === clip.id)).toMatchObject({ cutShortBy: 'reset' });
  });

  it('records end-before-start as failed, publishing nothing', async () => {
    const first = segments[0]!.mediaSequence;
    const { clip } = await clipper.createClip(request(frame(first + 2, 0), frame(first + 1, 3)));
    expect(clip.status).toBe('failed');
    expect(clip.reason).toMatch(/^end before start/);
    expect(await clipObjects(clip.id)).toEqual([]);
    expect((await feed()).clips.find((c) => c.id === clip.id)).toMatchObject({ status: 'failed', reason: clip.reason });
  });

  it('records a clip longer than maxClipSeconds as failed', async () => {
    const first = segments[0]!.mediaSequence;
    const short = new BuiltinClipper({ store, cutter: mediaCutter({ lossless: true }), maxClipSeconds: 1.5 });
    const { clip } = await short.createClip(request(frame(first, 0), frame(first + 2, 0)));
    expect(clip.status).toBe('failed');
    expect(clip.reason).toMatch(/^clip too long: 2\.033 s exceeds maxClipSeconds 1\.5/);
    expect(await clipObjects(clip.id)).toEqual([]);
  });

  it('records bounds after the archive (not yet archived) and before it (expired) as failed', async () => {
    const last = segments[segments.length - 1]!.mediaSequence;
    const first = segments[0]!.mediaSequence;
    const late = await clipper.createClip(
      request(frame(last, 0), {
        mediaSequence: last + 2,
        index: 3,
        time: new Date(channel.frameTime((last + 2) * perSegment + 3)).toISOString(),
      }),
    );
    expect(late.clip.status).toBe('failed');
    expect(late.clip.reason).toMatch(/bounds outside the archive: end segment \d+ .* not archived yet/);
    const early = await clipper.createClip(
      request(
        {
          mediaSequence: first - 1,
          index: 0,
          time: new Date(channel.frameTime((first - 1) * perSegment)).toISOString(),
        },
        frame(first, 3),
      ),
    );
    expect(early.clip.status).toBe('failed');
    expect(early.clip.reason).toMatch(/bounds outside the archive: start segment \d+ .* not archived \(expired\?\)/);
    expect([...(await clipObjects(late.clip.id)), ...(await clipObjects(early.clip.id))]).toEqual([]);
  });

  it('records a gap in the archive as failed, naming the missing segment', async () => {
    const first = segments[0]!.mediaSequence;
    await archive(
      'gappy',
      segments.filter((s) => s.mediaSequence !== first + 2),
    );
    const { clip } = await clipper.createClip(request(frame(first, 0), frame(first + 3, 0), { channel: 'gappy' }));
    expect(clip.status).toBe('failed');
    expect(clip.reason).toBe(
      `gap in the archive: segments ${first + 2} of channel gappy are missing between ${first} and ${first + 3}`,
    );
    expect(await clipObjects(clip.id, 'gappy')).toEqual([]);
  });

  it('records an archived segment whose object has expired as failed', async () => {
    const first = segments[0]!.mediaSequence;
    await archive('expired', segments.slice(0, 3));
    await db.objects.delete(`segments/expired/${first + 1}.ts`);
    const { clip } = await clipper.createClip(request(frame(first, 0), frame(first + 2, 0), { channel: 'expired' }));
    expect(clip.status).toBe('failed');
    expect(clip.reason).toBe(`fetch: archived object segments/expired/${first + 1}.ts is gone (expired?)`);
    expect(await clipObjects(clip.id, 'expired')).toEqual([]);
  });

  it('records a frame index past the end of its segment as failed', async () => {
    const first = segments[0]!.mediaSequence;
    const { clip } = await clipper.createClip(
      request(frame(first, 0), { ...frame(first + 1, 0), index: perSegment + 40 }),
    );
    expect(clip.status).toBe('failed');
    expect(clip.reason).toMatch(
      new RegExp(
        `^cut: cutClip: last frame ${perSegment + 40} is outside .*\\(sequence ${first + 1} has ${perSegment} frames\\)`,
      ),
    );
    expect(await clipObjects(clip.id)).toEqual([]);
  });

  it('takes back what it uploaded when one upload fails, and keeps the failure on repeat', async () => {
    const first = segments[0]!.mediaSequence;
    const req = request(frame(first + 1, 5), frame(first + 1, 25));
    const id = clipIdFor(req);
    store.failPuts.add(`clips/${CHANNEL}/${id}.m3u8`);
    const failed = await clipper.createClip(req);
    expect(failed.clip.status).toBe('failed');
    expect(failed.clip.reason).toMatch(/^publish: uploading clips\/demo\/[0-9a-f]+\.m3u8: injected failure/);
    expect(await clipObjects(id)).toEqual([]);
    expect(store.deletes.filter((k) => k.startsWith(`clips/${CHANNEL}/${id}.`)).sort()).toEqual(
      ['jpg', 'm3u8', 'mp4', 'ts'].map((e) => `clips/${CHANNEL}/${id}.${e}`),
    );

    // Failed is final in the store's state machine: the same bounds give the same failed clip.
    const again = await clipper.createClip(req);
    expect(again.created).toBe(false);
    expect(again.clip).toEqual(failed.clip);
  });

  it('takes over a clip whose cutter went silent, and leaves one that is being cut alone', async () => {
    const first = segments[0]!.mediaSequence;
    const req = request(frame(first + 2, 1), frame(first + 2, 9));
    const id = clipIdFor(req);
    // Another run created the clip and is cutting it.
    const plan = planClip(req, 60);
    const other = {
      id,
      channel: CHANNEL,
      label: 'Cat',
      start: plan.startMs,
      end: plan.endMs,
      startFrame: plan.startFrame,
      endFrame: plan.endFrame,
      frameCount: 9,
      durationSeconds: 0.3,
    };
    expect((await db.clips.create(other)).created).toBe(true);
    expect(await db.clips.transition(id, 'cutting')).toMatchObject({ ok: true });
    const busy = await clipper.createClip(req);
    expect(busy.created).toBe(false);
    expect(busy.clip.status).toBe('cutting');

    const impatient = new BuiltinClipper({ store, cutter: mediaCutter({ lossless: true }), staleCuttingMs: 0 });
    await new Promise((r) => setTimeout(r, 5));
    const redone = await impatient.createClip(req);
    expect(redone.clip.status).toBe('ready');
    expect(redone.clip.frameCount).toBe(9);
  });

  it('fetches archived segments in order, an fMP4 segment with its init section in front', async () => {
    const init = new TextEncoder().encode('INIT-SECTION');
    const initKey = await db.objects.putInitSection('fmp4', 'd0-0', 'mp4', init);
    const keys = await Promise.all(
      [7, 8, 9].map((n) => db.objects.putSegmentArchive('fmp4', n, 'm4s', new TextEncoder().encode(`fragment-${n}`))),
    );
    const dir = await mkdtemp(join(work, 'fetch-'));
    const local = await fetchSegments(
      store,
      keys.map((key, i) => ({
        mediaSequence: 7 + i,
        key,
        startTimeMs: 0,
        duration: 2,
        discontinuitySequence: 0,
        initKey,
      })),
      dir,
      { concurrency: 2 },
    );
    expect(local.map((l) => l.mediaSequence)).toEqual([7, 8, 9]);
    expect(await Promise.all(local.map(async (l) => (await readFile(l.path)).toString('utf8')))).toEqual([
      'INIT-SECTIONfragment-7',
      'INIT-SECTIONfragment-8',
      'INIT-SECTIONfragment-9',
    ]);
  });
});
