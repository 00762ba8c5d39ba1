/**
 * Contract with the writer: feeds built by libs/store's own builders (the code that publishes
 * them) must parse here without a single warning, and the URLs it writes must pass the URL gate.
 */
import {
  applySamples,
  buildCelebritiesFeed,
  buildClipDayFeed,
  buildClipsFeed,
  buildHealthFeed,
  buildLabelFeed,
  buildLabelsFeed,
  emptyHealthState,
  summariseDay,
  withDaySummary,
  type Appearance,
  type ClipRecord,
  type RecentFeed,
  type RecentSample,
} from '@catfinder/store';
import { describe, expect, it } from 'vitest';
import { parseClipsFeed, parseLabelFeed, parseLabelsFeed } from '../../src/feeds/parse';
import {
  parseCelebritiesFeed,
  parseClipDayFeed,
  parseClipDaysIndex,
  parseHealthFeed,
  parseRecentFeed,
} from '../../src/feeds/parse-extra';
import { safeMediaUrl } from '../../src/urls';

const T0 = Date.parse('2026-11-26T11:00:00.000Z');
const generatedAt = new Date(T0 + 60_000);

const ready: ClipRecord = {
  id: 'demo-abc123',
  channel: 'demo',
  label: 'Cat',
  appearanceId: 'app-1',
  cutShortBy: 'gap',
  start: T0,
  end: T0 + 4_000,
  startFrame: '2026-11-26 11:00:00;00',
  endFrame: '2026-11-26 11:00:03;24',
  frameCount: 100,
  durationSeconds: 4,
  cuts: [{ time: T0, frame: '2026-11-26 11:00:00;00', imageKey: 'samples/demo/7/0.jpg' }],
  status: 'ready',
  method: 'smart',
  verification: { passed: true, method: 'framemd5' },
  latencySeconds: 8.2,
  detectorCalls: 5,
  mp4Key: 'clips/demo/demo-abc123.mp4',
  posterKey: 'clips/demo/demo-abc123.jpg',
  hlsKey: 'clips/demo/demo-abc123.m3u8',
  createdAt: T0 + 12_000,
  updatedAt: T0 + 12_000,
};
const failed: ClipRecord = {
  ...ready,
  id: 'demo-def456',
  status: 'failed',
  reason: 'segments expired',
  method: undefined,
  verification: undefined,
  mp4Key: undefined,
  posterKey: undefined,
  hlsKey: undefined,
  cuts: [],
  createdAt: T0 + 5_000,
};

const appearance: Appearance = {
  id: 'app-1',
  channel: 'demo',
  label: 'Cat',
  open: false,
  start: T0,
  startFrame: '2026-11-26 11:00:00;00',
  end: T0 + 3_000,
  endFrame: '2026-11-26 11:00:03;00',
  clipId: 'demo-abc123',
  samples: [
    {
      time: T0,
      frame: '2026-11-26 11:00:00;00',
      mediaSequence: 7,
      index: 0,
      imageKey: 'samples/demo/7/0.jpg',
      confidence: 92.1,
      matched: true,
      isCut: true,
    },
    {
      time: T0 + 3_000,
      frame: '2026-11-26 11:00:03;00',
      mediaSequence: 8,
      index: 0,
      confidence: null,
      matched: false,
      isCut: true,
    },
  ],
  version: 3,
  createdAt: T0,
  updatedAt: T0 + 3_000,
};

/** What the bucket serves: the builder's object after JSON serialisation. */
const served = (feed: unknown): string => JSON.stringify(feed);

describe('feeds written by @catfinder/store', () => {
  it('clips.json parses cleanly with every field', () => {
    const result = parseClipsFeed(served(buildClipsFeed([failed, ready], generatedAt)));
    expect(result.ok && result.warnings).toEqual([]);
    if (!result.ok) return;
    expect(result.value.clips.map((c) => [c.id, c.status])).toEqual([
      ['demo-abc123', 'ready'],
      ['demo-def456', 'failed'],
    ]);
    const clip = result.value.clips[0]!;
    expect(clip).toMatchObject({
      startFrame: ready.startFrame,
      method: 'smart',
      latencySeconds: 8.2,
      verification: { passed: true },
      cutShortBy: 'gap',
    });
    expect(safeMediaUrl(clip.mp4Url, { siteRoot: 'https://d1.cloudfront.net/' })).toBe(
      'https://d1.cloudfront.net/clips/demo/demo-abc123.mp4',
    );
    expect(result.value.clips[1]?.reason).toBe('segments expired');
  });

  it('labels.json parses cleanly', () => {
    const feed = buildLabelsFeed(
      [
        {
          channel: 'demo',
          name: 'Cat',
          count: 4,
          lastSeen: T0,
          lastSeenFrame: '2026-11-26 11:00:00;00',
          confidence: 92.1,
          thumbnailKey: 'samples/demo/7/0.jpg',
        },
      ],
      generatedAt,
    );
    const result = parseLabelsFeed(served(feed));
    expect(result.ok && result.warnings).toEqual([]);
    expect(result.ok && result.value.labels[0]?.thumbnailUrl).toBe('samples/demo/7/0.jpg');
  });

  it('labels/<Label>.json parses cleanly, null confidence included', () => {
    const result = parseLabelFeed(served(buildLabelFeed('Cat', [appearance], generatedAt)));
    expect(result.ok && result.warnings).toEqual([]);
    expect(result.ok && result.value.appearances[0]?.samples.map((s) => s.confidence)).toEqual([92.1, null]);
  });

  it('health.json parses cleanly, before and after the first segment', () => {
    const running = {
      ...emptyHealthState('demo'),
      lastSegmentSequence: 7,
      lastSegmentProcessedAt: T0,
      lastSegmentEndTime: T0 - 3000,
      segments: [[T0, 2, 1]] as [number, number, number][],
    };
    const result = parseHealthFeed(served(buildHealthFeed([running, emptyHealthState('idle')], T0 + 1000)));
    expect(result.ok && result.warnings).toEqual([]);
    expect(
      result.ok && result.value.channels.map((c) => [c.channel, c.lastSegmentSequence, c.segmentsPerMinute]),
    ).toEqual([
      ['demo', 7, 0.2],
      ['idle', null, 0],
    ]);
  });

  it('clip history (days.json and a day page) parses cleanly', () => {
    const day = buildClipDayFeed('2026-11-26', [failed, ready], generatedAt);
    const page = parseClipDayFeed(served(day));
    expect(page.ok && page.warnings).toEqual([]);
    expect(page.ok && page.value.clips.map((c) => [c.id, c.cuts.length])).toEqual([
      ['demo-abc123', 0],
      ['demo-def456', 0],
    ]);
    const index = parseClipDaysIndex(served(withDaySummary(undefined, summariseDay(day), generatedAt)));
    expect(index.ok && index.value.days).toEqual([
      { day: '2026-11-26', count: 2, channels: ['demo'], labels: ['Cat'] },
    ]);
  });

  it("a channel's recent.json and celebrities.json parse cleanly", () => {
    const face = {
      Name: 'Eileen Collins',
      Id: 'x',
      MatchConfidence: 99,
      Urls: ['www.wikidata.org/wiki/Q231441'],
      Face: { BoundingBox: { Width: 0.1, Height: 0.2, Left: 0.3, Top: 0.4 }, Confidence: 99.9 },
    };
    const samples: RecentSample[] = [
      {
        time: T0,
        frame: '2026-11-26 11:00:00;00',
        imageKey: 'samples/demo/7/0.jpg',
        isCut: true,
        matchedLabels: ['Cat'],
        labels: [{ Name: 'Cat', Confidence: 97 }],
        faces: [face],
      },
    ];
    const feed: RecentFeed = {
      version: 1,
      generatedAt: generatedAt.toISOString(),
      channel: 'demo',
      playlistUrl: 'live/demo.m3u8',
      windowStart: generatedAt.toISOString(),
      now: null,
      cuts: [],
      presence: [],
    };
    applySamples(feed, samples, 50);
    const recent = parseRecentFeed(served(feed));
    expect(recent.ok && recent.warnings).toEqual([]);
    expect(recent.ok && recent.value.now?.celebrities[0]?.Name).toBe('Eileen Collins');
    const summary = {
      channel: 'demo',
      name: 'Eileen Collins',
      celebrityId: 'named:Eileen Collins',
      source: 'named-faces',
      count: 2,
      firstSeen: T0,
      firstSeenFrame: '2026-11-26 11:00:00;00',
      lastSeen: T0 + 2000,
      lastSeenFrame: '2026-11-26 11:00:02;00',
      confidence: 99,
      urls: ['www.wikidata.org/wiki/Q231441'],
      box: face.Face.BoundingBox,
      thumbnailKey: 'feeds/thumbs/demo/people/eileen-collins-1234abcd.jpg',
    };
    const celebs = parseCelebritiesFeed(served(buildCelebritiesFeed([summary], generatedAt)));
    expect(celebs.ok && celebs.warnings).toEqual([]);
    expect(celebs.ok && celebs.value.celebrities[0]).toMatchObject({
      name: 'Eileen Collins',
      count: 2,
      box: face.Face.BoundingBox,
    });
    expect(
      safeMediaUrl(celebs.ok ? celebs.value.celebrities[0]?.thumbnailUrl : undefined, {
        siteRoot: 'http://site.test/',
      }),
    ).toBe('http://site.test/feeds/thumbs/demo/people/eileen-collins-1234abcd.jpg');
  });
});
