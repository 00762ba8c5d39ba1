/**
 * The dashboard sink on the real stand-ins: a processed segment updates health.json,
 * all-labels.json and the channel's recent.json; one failing step does not stop the others and
 * its error reaches the caller (who logs it).
 */
import {
  createDashboardFeeds,
  createDynamoClient,
  createS3Client,
  tableNamesFromEnv,
  type DashboardFeeds,
} from '@catfinder/store';
import type { StandInsOn } from '@catfinder/store/testing';
import { testStandIns } from '../helpers/stand-ins';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardSink, type DashboardSample } from '../../src/dashboard-sink';

const T0 = Date.UTC(2026, 11, 2, 18, 0, 0);
let standIns: StandInsOn;
let feeds: DashboardFeeds;
const destroy: (() => void)[] = [];

beforeAll(async () => {
  standIns = await testStandIns();
  Object.assign(process.env, standIns.env);
  const dynamo = createDynamoClient({ maxAttempts: 2 });
  const s3 = createS3Client({ maxAttempts: 2 });
  destroy.push(
    () => dynamo.destroy(),
    () => s3.destroy(),
  );
  feeds = createDashboardFeeds({
    dynamo,
    s3,
    tables: tableNamesFromEnv(standIns.env),
    bucket: standIns.env.S3_BUCKET!,
    now: () => T0 + 5000,
    minConfidence: 50,
    playlistUrl: 'http://127.0.0.1:9/live.m3u8',
  });
});
afterAll(async () => {
  destroy.forEach((d) => d());
  await standIns?.stop({ removeData: true });
});

const sample = (i: number, labels: DashboardSample['labels']): DashboardSample => ({
  channel: 'demo',
  mediaSequence: 7,
  index: i * 25,
  time: T0 + i * 1000,
  frameLabel: `2026-12-02 18:00:0${i};00`,
  isCut: i === 0,
  sceneScore: 0.5,
  imageKey: `samples/demo/7/${i * 25}.jpg`,
  labels,
  matchedLabels: labels?.some((l) => l.Name === 'Cat') ? ['Cat'] : [],
});
const label = (Name: string, Confidence: number) => ({
  Name,
  Confidence,
  Instances: [],
  Parents: [],
  Aliases: [],
  Categories: [],
});
const get = async (key: string) =>
  (await fetch(new URL(key, standIns.siteUrl))).json() as Promise<Record<string, unknown>>;

describe('dashboard sink', () => {
  it('a processed segment updates health, all labels and recent', async () => {
    const sink = createDashboardSink(feeds);
    await sink.segmentDone('demo', {
      sequence: 7,
      endTime: T0 + 2000,
      detectorCalls: 2,
      detectorErrors: 1,
      reused: 3,
      watched: ['Cat'],
      samples: [sample(0, [label('Cat', 96), label('Sofa', 70)]), sample(1, null)],
    });
    const health = await get('feeds/health.json');
    expect(health.channels).toEqual([
      expect.objectContaining({
        channel: 'demo',
        lastSegmentSequence: 7,
        lagSeconds: 3,
        errorsLast10Minutes: 1,
        reusedPerMinute: expect.any(Number),
        lastError: 'segment 7: 1 detector call(s) failed',
      }),
    ]);
    expect((health.channels as { reusedPerMinute: number }[])[0]!.reusedPerMinute).toBeGreaterThan(0);
    const all = await get('feeds/all-labels.json');
    expect((all.labels as { name: string; watched: boolean }[]).map((l) => [l.name, l.watched]).sort()).toEqual([
      ['Cat', true],
      ['Sofa', false],
    ]);
    const recent = await get('feeds/channels/demo/recent.json');
    expect(recent).toMatchObject({
      channel: 'demo',
      playlistUrl: 'http://127.0.0.1:9/live.m3u8',
      presence: [{ label: 'Cat', open: false }],
      cuts: [{ frame: '2026-12-02 18:00:00;00' }],
    });
  });

  it("the faces step's faces (RecognizeCelebrities' CelebrityFaces shape) reach recent.json's now on screen", async () => {
    const sink = createDashboardSink(feeds);
    const box = { Width: 0.2, Height: 0.3, Left: 0.4, Top: 0.1 };
    const face = {
      Name: 'Eileen Collins',
      Id: 'named:Eileen Collins',
      MatchConfidence: 98,
      Urls: ['www.wikidata.org/wiki/Q231441', 'javascript:alert(1)'],
      Face: { BoundingBox: box, Confidence: 99.5 },
    };
    const person = { ...sample(3, [label('Person', 99)]), faces: [face] };
    await sink.segmentDone('faces', {
      sequence: 9,
      endTime: T0 + 4000,
      detectorCalls: 1,
      detectorErrors: 0,
      watched: [],
      samples: [person],
    });
    const recent = await get('feeds/channels/faces/recent.json');
    expect((recent.now as { celebrities: unknown[] }).celebrities).toEqual([
      {
        channel: 'faces',
        Name: 'Eileen Collins',
        Id: 'named:Eileen Collins',
        MatchConfidence: 98,
        Urls: ['www.wikidata.org/wiki/Q231441'],
        Face: { BoundingBox: box },
        time: new Date(T0 + 3000).toISOString(),
        frame: '2026-12-02 18:00:03;00',
        thumbnailUrl: 'samples/demo/7/75.jpg',
      },
    ]);
    // One producer of the people feed: the faces step's celebrity store, not this sink.
    expect((await fetch(new URL('feeds/channels/faces/celebrities.json', standIns.siteUrl))).status).toBe(404);
  });

  it('one failing step does not stop the others, and its error is rethrown', async () => {
    const broken: DashboardFeeds = {
      ...feeds,
      allLabels: Object.assign(Object.create(feeds.allLabels) as DashboardFeeds['allLabels'], {
        recordSegment: () => Promise.reject(new Error('labels table gone')),
      }),
    };
    const sink = createDashboardSink(broken);
    await expect(
      sink.segmentDone('other', {
        sequence: 1,
        endTime: T0,
        detectorCalls: 0,
        detectorErrors: 0,
        watched: [],
        samples: [sample(2, [])],
      }),
    ).rejects.toThrow('labels table gone');
    const health = await get('feeds/health.json');
    expect((health.channels as { channel: string }[]).map((c) => c.channel)).toEqual(['demo', 'faces', 'other']);
    expect(await get('feeds/channels/other/recent.json')).toMatchObject({ channel: 'other' });
    await sink.error('other', 'segment 2: fetch: HTTP 404');
    await sink.runEnded('other');
    expect(((await get('feeds/health.json')).channels as { lastError: string }[])[2]?.lastError).toBe(
      'segment 2: fetch: HTTP 404',
    );
  });
});
