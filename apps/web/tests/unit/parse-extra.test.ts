import { describe, expect, it } from 'vitest';
import {
  parseAllLabelsFeed,
  parseCelebritiesFeed,
  parseClipDayFeed,
  parseClipDaysIndex,
  parseHealthFeed,
  parseRecentFeed,
} from '../../src/feeds/parse-extra';
import { XSS_LABEL } from '../helpers/fixtures';
import {
  allLabelsFeed,
  celebritiesFeed,
  dayFeed,
  daysIndex,
  healthFeed,
  makeAllLabel,
  makeCelebrity,
  makeHealth,
  makePerson,
  recentFeed,
} from '../helpers/fixtures-extra';

const NOW = Date.parse('2026-12-02T18:10:00.000Z');
const roundTrip = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('new feed parsers', () => {
  it('accept the shapes libs/store writes, as text, without warnings', () => {
    const feeds: [(i: unknown) => { ok: boolean }, unknown][] = [
      [parseAllLabelsFeed, allLabelsFeed([makeAllLabel('Cat', { watched: true }), makeAllLabel(XSS_LABEL)])],
      [
        parseHealthFeed,
        healthFeed(
          [
            makeHealth('demo', NOW, 3),
            makeHealth('idle', NOW, 0, {
              lastSegmentSequence: null,
              lastSegmentProcessedAt: null,
              lastSegmentEndTime: null,
              lagSeconds: null,
            }),
          ],
          NOW,
        ),
      ],
      [parseCelebritiesFeed, celebritiesFeed([makePerson('Eileen Collins', NOW)])],
      [parseRecentFeed, recentFeed(NOW)],
      [parseClipDaysIndex, daysIndex([dayFeed('2026-12-01', 3)])],
      [parseClipDayFeed, dayFeed('2026-12-01', 3)],
    ];
    for (const [parse, feed] of feeds)
      expect(parse(JSON.stringify(feed))).toEqual({ ok: true, value: roundTrip(feed), warnings: [] });
  });

  it('health.json: no version in the agreed shape; nulls kept; a bad channel is dropped and named', () => {
    const feed = healthFeed(
      [makeHealth('demo', NOW, 3), { ...makeHealth('bad', NOW, 3), lagSeconds: -1 } as never],
      NOW,
    );
    const result = parseHealthFeed(feed);
    expect(result.ok && result.value.channels.map((c) => c.channel)).toEqual(['demo']);
    expect(result.ok && result.warnings).toEqual(['channels[1].lagSeconds should be a number ≥ 0 (got -1)']);
    expect(parseHealthFeed({ channels: [] })).toEqual({
      ok: false,
      problem: 'feed.generatedAt should be an ISO time (got missing)',
    });
  });

  it('hostile values stay data: names are strings, URLs untouched for the URL gate, wrong types dropped', () => {
    const celeb = parseCelebritiesFeed(
      celebritiesFeed([
        makePerson(XSS_LABEL, NOW, { urls: ['javascript:alert(1)'] }),
        { ...makePerson('x', NOW), urls: [{ href: 'x' }] } as never,
        { ...makePerson('y', NOW), box: 'x' } as never,
      ]),
    );
    expect(celeb.ok && celeb.value.celebrities.map((c) => [c.name, c.urls])).toEqual([
      [XSS_LABEL, ['javascript:alert(1)']],
    ]);
    expect(celeb.ok && celeb.warnings).toEqual([
      'celebrities[1].urls should be a list of strings (got [{"href":"x"}])',
      'celebrities[2].box should be { Width, Height, Left, Top }',
    ]);
    const recentFace = parseRecentFeed({
      ...recentFeed(NOW),
      now: { ...recentFeed(NOW).now, celebrities: [makeCelebrity(XSS_LABEL, NOW, { Urls: ['javascript:alert(1)'] })] },
    });
    expect(recentFace.ok && recentFace.value.now?.celebrities.map((c) => [c.Name, c.Urls])).toEqual([
      [XSS_LABEL, ['javascript:alert(1)']],
    ]);
    const recent = parseRecentFeed({
      ...recentFeed(NOW),
      presence: [{ label: XSS_LABEL, start: 'soon', end: 'later', open: 'yes' }],
      now: { time: 'x' },
    });
    expect(recent.ok && recent.value.presence).toEqual([]);
    expect(recent.ok && recent.value.now).toBeNull();
    expect(recent.ok && recent.warnings.length).toBeGreaterThan(1);
    const day = parseClipDayFeed({ ...dayFeed('2026-12-01', 1), day: '../../etc' });
    expect(day).toEqual({ ok: false, problem: 'feed.day should be YYYY-MM-DD' });
    const index = parseClipDaysIndex({
      ...daysIndex([]),
      days: [{ day: '2026-12-01/../x', count: 1, channels: [], labels: [] }],
    });
    expect(index.ok && index.value.days).toEqual([]);
  });
});
