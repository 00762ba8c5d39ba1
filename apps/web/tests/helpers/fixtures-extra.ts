/** Fixtures for the operator views' feeds, in the shapes libs/store writes. */
import type {
  AllLabelEntry,
  AllLabelsFeed,
  CelebritiesFeed,
  CelebritySighting,
  CelebritySummary,
  Clip,
  ClipDayFeed,
  ClipDaysIndex,
  HealthChannel,
  HealthFeed,
  RecentFeed,
} from '../../src/types';
import { frameLabelAt, makeClip } from './fixtures';

const iso = (ms: number) => new Date(ms).toISOString();

export function makeAllLabel(name: string, overrides: Partial<AllLabelEntry> = {}): AllLabelEntry {
  return {
    channel: 'demo',
    name,
    count: 12,
    firstSeen: '2026-11-26T10:00:00.000Z',
    firstSeenFrame: '2026-11-26 10:00:00;00',
    lastSeen: '2026-11-26T11:59:00.000Z',
    lastSeenFrame: '2026-11-26 11:59:00;12',
    confidence: 88.5,
    thumbnailUrl: 'feeds/thumbs/demo/x.jpg?v=1',
    watched: false,
    ...overrides,
  };
}

export function allLabelsFeed(labels: AllLabelEntry[], generatedAt = '2026-11-26T12:00:00.000Z'): AllLabelsFeed {
  return { version: 1, generatedAt, labels };
}

/** A channel that processed a segment `ageSeconds` before `now`. */
export function makeHealth(
  channel: string,
  now: number,
  ageSeconds: number,
  overrides: Partial<HealthChannel> = {},
): HealthChannel {
  return {
    channel,
    lastSegmentSequence: 1234,
    lastSegmentProcessedAt: iso(now - ageSeconds * 1000),
    lastSegmentEndTime: iso(now - ageSeconds * 1000 - 4000),
    lagSeconds: 4.2,
    segmentsPerMinute: 15,
    detectorCallsPerMinute: 30,
    reusedPerMinute: 2,
    errorsLast10Minutes: 0,
    lastError: null,
    ...overrides,
  };
}

export function healthFeed(channels: HealthChannel[], generatedAt: number): HealthFeed {
  return { generatedAt: iso(generatedAt), channels };
}

export function makeCelebrity(name: string, at: number, overrides: Partial<CelebritySighting> = {}): CelebritySighting {
  return {
    channel: 'demo',
    Name: name,
    Id: 'id-1',
    MatchConfidence: 97.25,
    Urls: ['www.wikidata.org/wiki/Q231441'],
    Face: { BoundingBox: { Width: 0.2, Height: 0.4, Left: 0.4, Top: 0.2 } },
    time: iso(at),
    frame: frameLabelAt(iso(at), 5),
    thumbnailUrl: 'samples/demo/1/0.jpg',
    ...overrides,
  };
}

/** A person recognised on a channel, last seen at `at` (feeds/celebrities.json entry). */
export function makePerson(name: string, at: number, overrides: Partial<CelebritySummary> = {}): CelebritySummary {
  return {
    channel: 'demo',
    name,
    id: `named:${name}`,
    source: 'named-faces',
    count: 3,
    firstSeen: iso(at - 60_000),
    firstSeenFrame: frameLabelAt(iso(at - 60_000), 2),
    lastSeen: iso(at),
    lastSeenFrame: frameLabelAt(iso(at), 5),
    confidence: 97.25,
    urls: ['www.wikidata.org/wiki/Q231441'],
    box: { Width: 0.2, Height: 0.4, Left: 0.4, Top: 0.2 },
    thumbnailUrl: 'feeds/thumbs/demo/people/person-1.jpg',
    ...overrides,
  };
}

export function celebritiesFeed(celebrities: CelebritySummary[]): CelebritiesFeed {
  return { version: 1, generatedAt: '2026-11-26T12:00:00.000Z', celebrities };
}

/** Last 30 minutes ending at `end`: two Cat bands, cuts, a person on screen now. */
export function recentFeed(end: number, overrides: Partial<RecentFeed> = {}): RecentFeed {
  const start = end - 30 * 60_000;
  const at = (min: number) => iso(start + min * 60_000);
  return {
    version: 1,
    generatedAt: iso(end),
    channel: 'demo',
    playlistUrl: 'live/demo.m3u8',
    windowStart: iso(start),
    now: {
      time: iso(end),
      frame: frameLabelAt(iso(end), 7),
      thumbnailUrl: 'samples/demo/1/0.jpg',
      labels: [
        { name: 'Person', confidence: 96.1 },
        { name: 'Sofa', confidence: 71 },
      ],
      celebrities: [makeCelebrity('Eileen Collins', end)],
    },
    cuts: [5, 12, 20, 28].map((m) => ({ time: at(m), frame: frameLabelAt(at(m)) })),
    presence: [
      { label: 'Cat', start: at(6), end: at(9), open: false },
      { label: 'Cat', start: at(27), end: at(30), open: true },
    ],
    ...overrides,
  };
}

/** `count` clips created on `day`, newest first, labels cycling through `labels`. */
export function dayFeed(
  day: string,
  count: number,
  labels = ['Cat', 'Dog', 'Eileen Collins'],
  channels = ['demo', 'news'],
): ClipDayFeed {
  const base = Date.parse(`${day}T00:00:00.000Z`);
  const clips: Clip[] = Array.from({ length: count }, (_, i) => {
    const start = iso(base + (count - i) * 60_000);
    const { cuts: _cuts, ...clip } = makeClip(
      `${day}-${i}`,
      {
        label: labels[i % labels.length]!,
        channel: channels[i % channels.length]!,
        start,
        startFrame: frameLabelAt(start, 1),
        createdAt: start,
      },
      0,
    );
    return { ...clip, cuts: [] };
  });
  return { version: 1, generatedAt: '2026-11-26T12:00:00.000Z', day, clips };
}

export function daysIndex(pages: ClipDayFeed[]): ClipDaysIndex {
  return {
    version: 1,
    generatedAt: '2026-11-26T12:00:00.000Z',
    days: pages.map((p) => ({
      day: p.day,
      count: p.clips.length,
      channels: [...new Set(p.clips.map((c) => c.channel))].sort(),
      labels: [...new Set(p.clips.map((c) => c.label))].sort(),
    })),
  };
}
