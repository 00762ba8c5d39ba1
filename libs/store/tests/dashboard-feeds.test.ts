/**
 * The dashboard's extra feeds on the real stand-ins (dynalite + s3rver): health.json,
 * all-labels.json with kept thumbnails, each channel's recent.json, and the
 * clip history day pages written by the clips feed publisher.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_LABELS_FEED_KEY,
  CLIP_DAYS_INDEX_KEY,
  HEALTH_FEED_KEY,
  HEALTH_STATE_PREFIX,
  StoreConfigError,
  allLabelsMinConfidenceFromEnv,
  clipDayKey,
  createDashboardFeeds,
  createDynamoClient,
  createS3Client,
  foldSegmentLabels,
  recentFeedKey,
  type AllLabelsFeed,
  type ClipDayFeed,
  type ClipDaysIndex,
  type DashboardFeeds,
  type HealthFeed,
  type RecentFeed,
  type RecentSample,
} from '../src/index';
import { startTestStore, type TestStore } from './helpers/store';

const T0 = Date.UTC(2026, 11, 2, 18, 0, 0);
const MIN = 60_000;
const frame = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')};00`;

describe('dashboard feeds', () => {
  let t: TestStore;
  let clock = T0;
  const clients: { close(): void }[] = [];
  const make = (extra: { playlistUrl?: string } = {}): DashboardFeeds => {
    const dynamo = createDynamoClient({ maxAttempts: 3, requestTimeoutMs: 3000 });
    const s3 = createS3Client({ maxAttempts: 3, requestTimeoutMs: 3000 });
    clients.push({ close: () => (dynamo.destroy(), s3.destroy()) });
    return createDashboardFeeds({
      dynamo,
      s3,
      tables: t.store.tables,
      bucket: t.store.bucket,
      now: () => clock,
      minConfidence: 50,
      ...extra,
    });
  };
  const getJson = async <T>(key: string): Promise<T> => {
    const res = await fetch(new URL(key.split('/').map(encodeURIComponent).join('/'), t.standIns.siteUrl));
    expect(res.status, key).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    t = await startTestStore({ now: () => clock });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await t?.stop();
  });

  it('health.json: last segment, lag, rates over 5 min, errors over 10 min, every channel', async () => {
    const feeds = make();
    clock = T0;
    await feeds.health.segmentProcessed('demo', { sequence: 10, endTime: T0 - 4000, detectorCalls: 3, reused: 1 });
    clock = T0 + 6000;
    await feeds.health.error('demo', 'detector timed out\n  after 5 s');
    await feeds.health.segmentProcessed('demo', { sequence: 11, endTime: T0 + 2000, detectorCalls: 2 });
    // Another process (another channel's run) publishes too: both channels are listed.
    await make().health.segmentProcessed('other', { sequence: 1, endTime: T0, detectorCalls: 0 });
    const feed = await getJson<HealthFeed>(HEALTH_FEED_KEY);
    expect(feed.generatedAt).toBe(new Date(T0 + 6000).toISOString());
    expect(feed.channels.map((c) => c.channel)).toEqual(['demo', 'other']);
    expect(feed.channels[0]).toEqual({
      channel: 'demo',
      lastSegmentSequence: 11,
      lastSegmentProcessedAt: new Date(T0 + 6000).toISOString(),
      lastSegmentEndTime: new Date(T0 + 2000).toISOString(),
      lagSeconds: 4,
      segmentsPerMinute: 0.4,
      detectorCallsPerMinute: 1,
      reusedPerMinute: 0.2,
      errorsLast10Minutes: 1,
      lastError: 'detector timed out after 5 s',
    });
    // 11 minutes on, a fresh process (state read back from the bucket): the error has aged out.
    clock = T0 + 11 * MIN;
    const later = await make().health.publish();
    expect(later.channels[0]).toMatchObject({
      channel: 'demo',
      lastSegmentSequence: 11,
      segmentsPerMinute: 0,
      errorsLast10Minutes: 0,
      lastError: 'detector timed out after 5 s',
    });
    expect(later.generatedAt).toBe(new Date(T0 + 11 * MIN).toISOString());
  });

  it('health state: the lag is never stored (health.json computes it), and a stored one from before is dropped', async () => {
    clock = T0 + 20 * MIN;
    // As a former version stored it: with the lag measured when segment 5 was processed.
    const before = {
      channel: 'older',
      lastSegmentSequence: 5,
      lastSegmentProcessedAt: clock - 4000,
      lastSegmentEndTime: clock - 5000,
      lagSeconds: 1,
      segments: [[clock - 4000, 1, 0]],
      errors: [],
      lastError: 'an old error',
    };
    await t.store.objects.put(`${HEALTH_STATE_PREFIX}older.json`, JSON.stringify(before));
    const published = await make().health.publish();
    expect(published.channels.find((c) => c.channel === 'older')).toMatchObject({ lagSeconds: 5 });
    await make().health.segmentProcessed('older', { sequence: 6, endTime: clock - 2500, detectorCalls: 1 });
    expect(await getJson(`${HEALTH_STATE_PREFIX}older.json`)).toEqual({
      channel: 'older',
      lastSegmentSequence: 6,
      lastSegmentProcessedAt: clock,
      lastSegmentEndTime: clock - 2500,
      segments: [
        [clock - 4000, 1, 0],
        [clock, 1, 0],
      ],
      errors: [],
      lastError: 'an old error',
    });
  });

  it('all labels: one write per label per segment at ≥ the minimum confidence, kept thumbnails, watched marked', async () => {
    const feeds = make();
    clock = T0;
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 9, 9, 9]);
    await t.store.objects.putSampleImage('demo', 20, 0, jpeg);
    await t.store.objects.putSampleImage('demo', 20, 25, Buffer.from([0xff, 0xd8, 1]));
    const samples = [
      {
        time: T0,
        frame: frame(T0),
        imageKey: 'samples/demo/20/0.jpg',
        labels: [
          { Name: 'Cat', Confidence: 97 },
          { Name: 'Sofa', Confidence: 60 },
          { Name: 'Dust', Confidence: 49.9 },
        ],
      },
      {
        time: T0 + 1000,
        frame: frame(T0 + 1000),
        imageKey: 'samples/demo/20/25.jpg',
        labels: [
          { Name: 'Cat', Confidence: 90 },
          { Name: 'Sofa', Confidence: 70 },
        ],
      },
      { time: T0 + 2000, frame: frame(T0 + 2000), labels: null },
    ];
    expect(await feeds.allLabels.recordSegment('demo', samples, ['Cat'])).toEqual({ written: 2, thumbnails: 2 });
    // A replay of the same segment counts nothing.
    expect(await feeds.allLabels.recordSegment('demo', samples, ['Cat'])).toEqual({ written: 0, thumbnails: 0 });
    // The Cat thumbnail is the best sample's bytes under thumbs/, which samples' expiry never touches.
    expect(await t.store.objects.getBytes('feeds/thumbs/demo/Cat.jpg')).toEqual(new Uint8Array(jpeg));
    expect((await t.store.objects.head('feeds/thumbs/demo/Sofa.jpg'))?.cacheControl).toBe('public, max-age=300');
    // 5 minutes later: counted, thumbnail not rewritten yet; 11 minutes later it is.
    clock = T0 + 5 * MIN;
    const next = [
      {
        time: clock,
        frame: frame(clock),
        imageKey: 'samples/demo/20/0.jpg',
        labels: [{ Name: 'Cat', Confidence: 80 }],
      },
    ];
    expect(await feeds.allLabels.recordSegment('demo', next, ['Cat'])).toEqual({ written: 1, thumbnails: 0 });
    clock = T0 + 11 * MIN;
    expect(
      await feeds.allLabels.recordSegment('demo', [{ ...next[0]!, time: clock, frame: frame(clock) }], ['Cat']),
    ).toEqual({ written: 1, thumbnails: 1 });
    const feed = (await feeds.allLabels.publish()) as AllLabelsFeed;
    const stored = await getJson<AllLabelsFeed>(ALL_LABELS_FEED_KEY);
    expect(stored).toEqual(JSON.parse(JSON.stringify(feed)));
    expect(stored.labels.map((l) => l.name)).toEqual(['Cat', 'Sofa']);
    expect(stored.labels[0]).toEqual({
      channel: 'demo',
      name: 'Cat',
      count: 4,
      firstSeen: new Date(T0).toISOString(),
      firstSeenFrame: frame(T0),
      lastSeen: new Date(T0 + 11 * MIN).toISOString(),
      lastSeenFrame: frame(T0 + 11 * MIN),
      confidence: 80,
      thumbnailUrl: `feeds/thumbs/demo/Cat.jpg?v=${T0 + 11 * MIN}`,
      watched: true,
    });
    expect(stored.labels[1]).toMatchObject({
      name: 'Sofa',
      count: 2,
      confidence: 70,
      watched: false,
      thumbnailUrl: `feeds/thumbs/demo/Sofa.jpg?v=${T0}`,
    });
  });

  it('folds labels per segment and reads ALL_LABELS_MIN_CONFIDENCE', () => {
    const folded = foldSegmentLabels(
      [
        { time: 2, frame: 'b', labels: [{ Name: 'Cat', Confidence: 55 }] },
        {
          time: 1,
          frame: 'a',
          labels: [
            { Name: 'Cat', Confidence: 65 },
            { Name: 'Cat', Confidence: 99 },
          ],
        },
      ],
      60,
    );
    expect(folded).toHaveLength(1);
    expect(folded[0]).toMatchObject({
      name: 'Cat',
      count: 1,
      confidence: 65,
      first: { frame: 'a' },
      last: { frame: 'a' },
    });
    expect(allLabelsMinConfidenceFromEnv({})).toBe(50);
    expect(allLabelsMinConfidenceFromEnv({ ALL_LABELS_MIN_CONFIDENCE: '75' })).toBe(75);
    expect(() => allLabelsMinConfidenceFromEnv({ ALL_LABELS_MIN_CONFIDENCE: '150' })).toThrow(StoreConfigError);
    expect(() => allLabelsMinConfidenceFromEnv({ ALL_LABELS_MIN_CONFIDENCE: 'high' })).toThrow(
      /ALL_LABELS_MIN_CONFIDENCE/,
    );
  });

  it('recent.json: cuts, presence bands, now on screen, 30-minute window; celebrities.json', async () => {
    const playlistUrl = 'http://127.0.0.1:8080/live/demo.m3u8';
    const feeds = make({ playlistUrl });
    const sample = (ms: number, over: Partial<RecentSample> = {}): RecentSample => ({
      time: ms,
      frame: frame(ms),
      imageKey: `samples/demo/30/${ms % 100}.jpg`,
      isCut: false,
      matchedLabels: [],
      labels: [{ Name: 'Person', Confidence: 90 }],
      ...over,
    });
    const face = {
      Name: 'Eileen Collins',
      Id: 'x1',
      MatchConfidence: 98.5,
      Urls: ['www.wikidata.org/wiki/Q231441', '"><script>alert(1)</script>'],
      Face: { BoundingBox: { Width: 0.2, Height: 0.3, Left: 0.4, Top: 0.1 }, Confidence: 99 },
    };
    clock = T0 + 3000;
    await feeds.recent.recordSegment('demo', [
      sample(T0, { isCut: true, matchedLabels: ['Cat'], labels: [{ Name: 'Cat', Confidence: 95 }] }),
      sample(T0 + 1000, { matchedLabels: ['Cat'], faces: [face] }),
      sample(T0 + 2000, {
        faces: [face],
        labels: [
          { Name: 'Person', Confidence: 88 },
          { Name: 'Hat', Confidence: 40 },
        ],
      }),
    ]);
    // A new process continues from the stored copy; 40 minutes later the old cut leaves the window.
    clock = T0 + 40 * MIN;
    const feed = await make({ playlistUrl }).recent.recordSegment('demo', [
      sample(T0 + 40 * MIN, { isCut: true, matchedLabels: ['Cat'] }),
    ]);
    const stored = await getJson<RecentFeed>(recentFeedKey('demo'));
    expect(stored).toEqual(JSON.parse(JSON.stringify(feed)));
    expect(stored).toMatchObject({
      version: 1,
      channel: 'demo',
      playlistUrl,
      windowStart: new Date(T0 + 10 * MIN).toISOString(),
    });
    expect(stored.cuts.map((c) => c.time)).toEqual([new Date(T0 + 40 * MIN).toISOString()]);
    expect(stored.presence).toEqual([
      {
        label: 'Cat',
        start: new Date(T0 + 40 * MIN).toISOString(),
        end: new Date(T0 + 40 * MIN).toISOString(),
        open: true,
      },
    ]);
    expect(stored.now).toMatchObject({
      frame: frame(T0 + 40 * MIN),
      labels: [{ name: 'Person', confidence: 90 }],
      celebrities: [],
    });

    // Within the first segment: one band T0..T0+1 s (closed by the sample without Cat), "now" drops Hat (< 50).
    const first = await make().recent.recordSegment('fresh', [
      sample(T0, { isCut: true, matchedLabels: ['Cat'] }),
      sample(T0 + 1000, { matchedLabels: ['Cat'] }),
      sample(T0 + 2000, {
        faces: [face],
        labels: [
          { Name: 'Person', Confidence: 88 },
          { Name: 'Hat', Confidence: 40 },
        ],
      }),
    ]);
    expect(first.presence).toEqual([
      { label: 'Cat', start: new Date(T0).toISOString(), end: new Date(T0 + 1000).toISOString(), open: false },
    ]);
    expect(first.now?.labels).toEqual([{ name: 'Person', confidence: 88 }]);
    expect(first.now?.celebrities[0]).toMatchObject({ Name: 'Eileen Collins', MatchConfidence: 98.5 });

    // Rekognition's CelebrityFaces fields kept (a Url that is not a plain link dropped at the boundary).
    expect(first.now?.celebrities).toEqual([
      {
        channel: 'fresh',
        Name: 'Eileen Collins',
        Id: 'x1',
        MatchConfidence: 98.5,
        Urls: ['www.wikidata.org/wiki/Q231441'],
        Face: { BoundingBox: face.Face.BoundingBox },
        time: new Date(T0 + 2000).toISOString(),
        frame: frame(T0 + 2000),
        thumbnailUrl: `samples/demo/30/${(T0 + 2000) % 100}.jpg`,
      },
    ]);
  });

  it('clip history: the clips feed publisher rebuilds the day pages of changed clips and the day index', async () => {
    const s = t.store;
    const day1 = Date.UTC(2026, 11, 1, 23, 59, 0);
    const day2 = Date.UTC(2026, 11, 2, 0, 1, 0);
    const create = async (id: string, at: number, label = 'Cat') => {
      clock = at;
      const r = await s.clips.create({
        id,
        channel: 'demo',
        label,
        start: at - 5000,
        end: at - 1000,
        startFrame: frame(at - 5000),
        endFrame: frame(at - 1000),
        frameCount: 100,
        durationSeconds: 4,
        cuts: [{ time: at - 5000, frame: frame(at - 5000) }],
      });
      if (!r.created) throw new Error('not created');
      return r.clip;
    };
    const a = await create('h-a', day1);
    // Created without a feed publish (e.g. a writer that crashed): picked up by the next rebuild.
    await create('h-b', day2, 'Dog');
    const c = await create('h-c', day2 + 60_000);
    await s.feeds.publishClips({ include: [a] });
    await s.feeds.publishClips({ include: [c] });
    const page2 = await getJson<ClipDayFeed>(clipDayKey('2026-12-02'));
    expect(page2.clips.map((x) => x.id)).toEqual(['h-c', 'h-b']);
    expect(page2.clips[0]).not.toHaveProperty('cuts');
    expect(page2.clips[0]).toMatchObject({
      channel: 'demo',
      label: 'Cat',
      status: 'pending',
      startFrame: frame(day2 + 55_000),
      createdAt: new Date(day2 + 60_000).toISOString(),
    });
    expect((await getJson<ClipDayFeed>(clipDayKey('2026-12-01'))).clips.map((x) => x.id)).toEqual(['h-a']);
    const index = await getJson<ClipDaysIndex>(CLIP_DAYS_INDEX_KEY);
    expect(index.days).toEqual([
      { day: '2026-12-02', count: 2, channels: ['demo'], labels: ['Cat', 'Dog'] },
      { day: '2026-12-01', count: 1, channels: ['demo'], labels: ['Cat'] },
    ]);
    // A status change rewrites that day's page with the new record.
    clock = day2 + 120_000;
    const cutting = await s.clips.transition('h-c', 'failed', { reason: 'source segment expired' });
    if (!cutting.ok) throw new Error('transition failed');
    await s.feeds.publishClips({ include: [cutting.clip] });
    expect((await getJson<ClipDayFeed>(clipDayKey('2026-12-02'))).clips[0]).toMatchObject({
      id: 'h-c',
      status: 'failed',
      reason: 'source segment expired',
    });
  });
});
