import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bucketFromEnv,
  CELEBRITIES_FEED_KEY,
  celebrityThumbnailKey,
  createCelebrityStore,
  createDynamoClient,
  createS3Client,
  InvalidIdError,
  tableNamesFromEnv,
  type CelebritiesFeed,
  type CelebritySightingInput,
  type CelebrityStore,
} from '../src/index';
import { startTestStore, type TestStore } from './helpers/store';

const T0 = Date.UTC(2026, 11, 5, 18, 0, 0);
const sighting = (over: Partial<CelebritySightingInput> = {}): CelebritySightingInput => ({
  channel: 'demo',
  name: 'Eileen Collins',
  celebrityId: 'named:Eileen Collins',
  matchConfidence: 97.5,
  urls: ['www.wikidata.org/wiki/Q233816'],
  box: { Left: 0.42, Top: 0.12, Width: 0.16, Height: 0.28 },
  source: 'named-faces',
  mediaSequence: 40,
  index: 2,
  time: T0,
  frame: '2026-12-05 18:00:00;00',
  imageKey: 'samples/demo/40/2.jpg',
  ...over,
});

describe('celebrity sightings and feeds/celebrities.json', () => {
  let t: TestStore;
  let celebrities: CelebrityStore;
  beforeAll(async () => {
    t = await startTestStore();
    celebrities = createCelebrityStore({
      ddb: createDynamoClient(),
      s3: createS3Client(),
      tables: tableNamesFromEnv(),
      bucket: bucketFromEnv(),
      ttlHours: 72,
    });
  });
  afterAll(async () => t?.stop());

  it('counts a person once per sample, keeps first seen, moves last seen, ignores replays', async () => {
    const thumb = await celebrities.putThumbnail('demo', 'Eileen Collins', Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    expect(thumb).toBe(celebrityThumbnailKey('demo', 'Eileen Collins'));
    expect(thumb).toMatch(/^feeds\/thumbs\/demo\/people\/eileen-collins-[0-9a-f]{8}\.jpg$/);
    expect(await t.store.objects.head(thumb)).toMatchObject({
      contentType: 'image/jpeg',
      cacheControl: 'public, max-age=60',
    });
    expect(await celebrities.recordSighting(sighting())).toEqual({ applied: true });
    expect(
      await celebrities.recordSighting(
        sighting({
          mediaSequence: 41,
          index: 0,
          time: T0 + 2000,
          frame: '2026-12-05 18:00:02;00',
          matchConfidence: 99,
          thumbnailKey: thumb,
        }),
      ),
    ).toEqual({ applied: true });
    expect(await celebrities.recordSighting(sighting())).toEqual({ applied: false }); // the first segment again
    const [summary] = (await celebrities.listNewest()).items;
    expect(summary).toMatchObject({
      channel: 'demo',
      name: 'Eileen Collins',
      count: 2,
      firstSeen: T0,
      lastSeen: T0 + 2000,
      confidence: 99,
      thumbnailKey: thumb,
      source: 'named-faces',
    });
    const sightings = (await celebrities.listSightings('demo')).items;
    expect(sightings.map((s) => [s.mediaSequence, s.index, s.matchConfidence])).toEqual([
      [41, 0, 99],
      [40, 2, 97.5],
    ]);
    expect(sightings[0]?.box).toEqual({ Left: 0.42, Top: 0.12, Width: 0.16, Height: 0.28 });
  });

  it('stays out of the label summaries and their feed', async () => {
    expect((await t.store.labels.listForChannel('demo')).items).toEqual([]);
    expect((await t.store.labels.listNewest()).items).toEqual([]);
  });

  it('publishes feeds/celebrities.json shaped like the labels feed, newest first, unsafe URLs dropped', async () => {
    await celebrities.recordSighting(
      sighting({
        channel: 'news',
        name: 'Grace Hopper',
        celebrityId: '1SK7cR8M',
        source: 'rekognition',
        urls: ['www.wikidata.org/wiki/Q11641', 'javascript:alert(1)', 'https://x.example/"><img>'],
        time: T0 + 5000,
        imageKey: 'samples/news/1/0.jpg',
        mediaSequence: 1,
        index: 0,
      }),
    );
    expect((await celebrities.publishFeed()).written).toBe(true);
    const feed = JSON.parse(
      Buffer.from((await t.store.objects.getBytes(CELEBRITIES_FEED_KEY))!).toString('utf8'),
    ) as CelebritiesFeed;
    expect(feed.version).toBe(1);
    expect(feed.celebrities).toEqual([
      {
        channel: 'news',
        name: 'Grace Hopper',
        id: '1SK7cR8M',
        source: 'rekognition',
        count: 1,
        firstSeen: new Date(T0 + 5000).toISOString(),
        firstSeenFrame: '2026-12-05 18:00:00;00',
        lastSeen: new Date(T0 + 5000).toISOString(),
        lastSeenFrame: '2026-12-05 18:00:00;00',
        confidence: 97.5,
        urls: ['www.wikidata.org/wiki/Q11641'],
        box: { Left: 0.42, Top: 0.12, Width: 0.16, Height: 0.28 },
      },
      expect.objectContaining({
        channel: 'demo',
        name: 'Eileen Collins',
        count: 2,
        thumbnailUrl: expect.stringMatching(/^feeds\/thumbs\/demo\/people\/eileen-collins-[0-9a-f]{8}\.jpg$/),
      }),
    ]);
    expect((await celebrities.publishFeed()).written).toBe(false); // unchanged content is not rewritten
  });

  it('rejects a bad sighting with an error naming the field', async () => {
    await expect(celebrities.recordSighting(sighting({ name: '  ' }))).rejects.toThrow(InvalidIdError);
    await expect(celebrities.recordSighting(sighting({ matchConfidence: 101 }))).rejects.toThrow(/matchConfidence/);
    await expect(celebrities.recordSighting(sighting({ channel: '../x' }))).rejects.toThrow(/channel/);
    await expect(celebrities.recordSighting(sighting({ imageKey: '../etc/passwd' }))).rejects.toThrow(/object key/);
  });
});
