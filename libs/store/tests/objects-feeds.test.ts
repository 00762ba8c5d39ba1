import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLIPS_FEED_KEY,
  InvalidIdError,
  LABELS_FEED_KEY,
  type ClipsFeed,
  type LabelFeed,
  type LabelsFeed,
} from '../src/index';
import { startTestStore, type TestStore } from './helpers/store';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);

describe('objects', () => {
  let t: TestStore;
  let dir: string;
  beforeAll(async () => {
    t = await startTestStore();
    dir = await mkdtemp(join(tmpdir(), 'store-objects-'));
  });
  afterAll(async () => t?.stop());

  it('stores media with the right Content-Type and a long Cache-Control', async () => {
    const o = t.store.objects;
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    expect(await o.putSampleImage('demo', 7, 3, jpeg)).toBe('samples/demo/7/3.jpg');
    await writeFile(join(dir, 'seg.ts'), Buffer.alloc(188 * 10, 0x47));
    expect(await o.putSegmentArchive('demo', 7, 'ts', { path: join(dir, 'seg.ts') })).toBe('segments/demo/7.ts');
    const keys = await o.putClipFiles('demo', 'clip-1', {
      mp4: Buffer.from('mp4-bytes'),
      poster: jpeg,
      hls: '#EXTM3U\n',
    });
    expect(keys).toEqual({
      mp4: 'clips/demo/clip-1.mp4',
      poster: 'clips/demo/clip-1.jpg',
      hls: 'clips/demo/clip-1.m3u8',
    });
    const expected: [string, string][] = [
      ['samples/demo/7/3.jpg', 'image/jpeg'],
      ['segments/demo/7.ts', 'video/mp2t'],
      ['clips/demo/clip-1.mp4', 'video/mp4'],
      ['clips/demo/clip-1.jpg', 'image/jpeg'],
      ['clips/demo/clip-1.m3u8', 'application/vnd.apple.mpegurl'],
    ];
    for (const [key, type] of expected) {
      const head = await o.head(key);
      expect(head, key).toMatchObject({ contentType: type, cacheControl: 'public, max-age=31536000, immutable' });
    }
    expect((await o.head('segments/demo/7.ts'))?.contentLength).toBe(1880);
    expect(await o.getBytes('clips/demo/clip-1.mp4')).toEqual(new Uint8Array(Buffer.from('mp4-bytes')));
    expect(await o.download('segments/demo/7.ts', join(dir, 'back.ts'))).toBe(true);
    expect((await readFile(join(dir, 'back.ts'))).length).toBe(1880);
    expect(await o.getBytes('clips/demo/missing.mp4')).toBeUndefined();
    expect(await o.head('clips/demo/missing.mp4')).toBeUndefined();
    expect(await o.download('clips/demo/missing.mp4', join(dir, 'x'))).toBe(false);
    await o.delete('clips/demo/clip-1.m3u8');
    expect(await o.head('clips/demo/clip-1.m3u8')).toBeUndefined();
    await o.delete('clips/demo/clip-1.m3u8'); // again: no error
    await expect(o.delete('../x')).rejects.toThrow(InvalidIdError);
  });

  it('rejects hostile keys and ids', async () => {
    const o = t.store.objects;
    await expect(o.put('../outside.txt', 'x')).rejects.toThrow(InvalidIdError);
    await expect(o.put('/abs.txt', 'x')).rejects.toThrow(/relative/);
    await expect(o.put('feeds/a\u0000b.json', '{}')).rejects.toThrow(/control character/);
    await expect(o.putSampleImage('..', 1, 1, 'x')).rejects.toThrow(/invalid channel/);
    await expect(o.putClipFiles('demo', 'a/../../b', { mp4: 'x' })).rejects.toThrow(/invalid clipId/);
    await expect(o.putSegmentArchive('demo', 1, 'ts/../../x', 'x')).rejects.toThrow(/invalid extension/);
  });
});

describe('feeds', () => {
  let t: TestStore;
  let clock = T0;
  beforeAll(async () => {
    t = await startTestStore({ now: () => clock });
  });
  afterAll(async () => t?.stop());

  const get = async (key: string) => {
    const res = await fetch(new URL(key, t.standIns.siteUrl));
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      cache: res.headers.get('cache-control'),
      body: await res.text(),
    };
  };

  it('writes labels.json, clips.json and per-label feeds in the agreed shapes, with relative URLs', async () => {
    const s = t.store;
    await s.labels.recordSighting('demo', 'Cat', {
      time: T0,
      mediaSequence: 1,
      index: 0,
      frame: '2026-11-26 12:00:00;00',
      confidence: 97,
      thumbnailKey: 'samples/demo/1/0.jpg',
    });
    await s.labels.recordSighting('demo', 'Sports Car', {
      time: T0 + 1000,
      mediaSequence: 1,
      index: 25,
      frame: '2026-11-26 12:00:01;00',
      confidence: 80,
    });
    const open = await s.appearances.open('demo', 'Sports Car', {
      time: T0 + 1000,
      frame: '2026-11-26 12:00:01;00',
      mediaSequence: 1,
      index: 25,
      imageKey: 'samples/demo/1/25.jpg',
      confidence: 80,
      matched: true,
      isCut: true,
    });
    expect(open.opened).toBe(true);
    await s.clips.create({
      id: 'c1',
      channel: 'demo',
      label: 'Cat',
      start: T0,
      end: T0 + 2000,
      startFrame: 'a',
      endFrame: 'b',
      frameCount: 50,
      durationSeconds: 2,
      cuts: [{ time: T0, frame: 'a', imageKey: 'samples/demo/1/0.jpg' }],
    });
    await s.clips.transition('c1', 'cutting');
    const ready = await s.clips.transition('c1', 'ready', {
      method: 'smart',
      verification: { passed: true, method: 'framemd5' },
      mp4Key: 'clips/demo/c1.mp4',
      posterKey: 'clips/demo/c1.jpg',
      latencySeconds: 6.2,
      detectorCalls: 4,
    });
    if (!ready.ok) throw new Error('transition failed');

    expect(await s.feeds.publishLabels()).toMatchObject({ key: LABELS_FEED_KEY, written: true });
    expect(await s.feeds.publishClips({ include: [ready.clip] })).toMatchObject({ key: CLIPS_FEED_KEY, written: true });
    expect(await s.feeds.publishLabel('Sports Car')).toMatchObject({
      key: 'feeds/labels/Sports Car.json',
      written: true,
    });

    const labels = await get('feeds/labels.json');
    expect(labels).toMatchObject({ status: 200, type: 'application/json', cache: 'public, max-age=5' });
    const lf = JSON.parse(labels.body) as LabelsFeed;
    expect(lf).toMatchObject({
      version: 1,
      labels: [
        { channel: 'demo', name: 'Sports Car', count: 1, confidence: 80 },
        {
          name: 'Cat',
          lastSeen: new Date(T0).toISOString(),
          lastSeenFrame: '2026-11-26 12:00:00;00',
          thumbnailUrl: 'samples/demo/1/0.jpg',
        },
      ],
    });
    expect(new Date(lf.generatedAt).getTime()).toBe(T0);

    const cf = JSON.parse((await get('feeds/clips.json')).body) as ClipsFeed;
    expect(cf.clips).toHaveLength(1);
    expect(cf.clips[0]).toEqual({
      id: 'c1',
      channel: 'demo',
      label: 'Cat',
      status: 'ready',
      start: new Date(T0).toISOString(),
      end: new Date(T0 + 2000).toISOString(),
      startFrame: 'a',
      endFrame: 'b',
      frameCount: 50,
      durationSeconds: 2,
      method: 'smart',
      verification: { passed: true, method: 'framemd5' },
      latencySeconds: 6.2,
      detectorCalls: 4,
      mp4Url: 'clips/demo/c1.mp4',
      posterUrl: 'clips/demo/c1.jpg',
      cuts: [{ time: new Date(T0).toISOString(), frame: 'a', thumbnailUrl: 'samples/demo/1/0.jpg' }],
      createdAt: new Date(T0).toISOString(),
    });

    const perLabel = await get(`feeds/labels/${encodeURIComponent('Sports Car')}.json`);
    expect(perLabel.type).toBe('application/json');
    const pf = JSON.parse(perLabel.body) as LabelFeed;
    expect(pf).toMatchObject({
      version: 1,
      label: 'Sports Car',
      appearances: [
        {
          channel: 'demo',
          open: true,
          samples: [
            {
              frame: '2026-11-26 12:00:01;00',
              thumbnailUrl: 'samples/demo/1/25.jpg',
              confidence: 80,
              matched: true,
              isCut: true,
            },
          ],
        },
      ],
    });
  });

  it('writes a feed only when its content changed (generatedAt alone does not count)', async () => {
    const s = t.store;
    clock += 10_000;
    expect((await s.feeds.publishLabels()).written).toBe(false);
    expect((await s.feeds.publishClips()).written).toBe(false);
    const before = await get('feeds/labels.json');
    expect(new Date((JSON.parse(before.body) as LabelsFeed).generatedAt).getTime()).toBe(T0);
    await s.labels.recordSighting('demo', 'Cat', {
      time: clock,
      mediaSequence: 9,
      index: 0,
      frame: 'later',
      confidence: 99,
    });
    expect((await s.feeds.publishLabels()).written).toBe(true);
    const after = JSON.parse((await get('feeds/labels.json')).body) as LabelsFeed;
    expect(after.labels[0]).toMatchObject({ name: 'Cat', count: 2, lastSeenFrame: 'later' });
    expect(after.labels[0]?.thumbnailUrl).toBeUndefined();
  });

  it('never lets a reader see a half-written feed while it is rewritten', async () => {
    const big = (n: number) => ({
      version: 1,
      generatedAt: new Date().toISOString(),
      n,
      filler: 'x'.repeat(100_000 + n * 1000),
    });
    let writing = true;
    const writer = (async () => {
      for (let n = 0; n < 16; n += 1) await t.store.feeds.write('feeds/atomic.json', big(n));
      writing = false;
    })();
    const seen = new Set<number>();
    let reads = 0;
    const readers = Array.from({ length: 4 }, async () => {
      while (writing) {
        const res = await fetch(new URL('feeds/atomic.json', t.standIns.siteUrl));
        const text = await res.text();
        if (res.status === 404) continue;
        reads += 1;
        expect(`${res.status} ${res.headers.get('content-type')}`, text.slice(0, 300)).toBe('200 application/json');
        const parsed = JSON.parse(text) as { n: number; filler: string };
        expect(parsed.filler.length).toBe(100_000 + parsed.n * 1000);
        seen.add(parsed.n);
      }
    });
    await Promise.all([writer, ...readers]);
    expect(reads).toBeGreaterThan(10);
    expect(seen.size).toBeGreaterThan(1);
  });
});
