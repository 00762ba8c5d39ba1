// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { PlayerManager } from '../../src/player';
import { CelebritiesColumn, CelebritiesPage, NO_CELEBRITIES } from '../../src/render/celebrities';
import type { RenderContext } from '../../src/render/context';
import { HealthBadges } from '../../src/render/health';
import { AllLabelsPage, labelRows } from '../../src/render/labels';
import { renderTimeline } from '../../src/render/timeline';
import { emptyState } from '../../src/state';
import type { Clip } from '../../src/types';
import { labelsFeed, makeClip, makeLabel, XSS_LABEL } from '../helpers/fixtures';
import {
  allLabelsFeed,
  celebritiesFeed,
  healthFeed,
  makeAllLabel,
  makeHealth,
  makePerson,
  recentFeed,
} from '../helpers/fixtures-extra';

const NOW = Date.parse('2026-12-02T18:10:00.000Z');
let ctx: RenderContext;
beforeEach(() => {
  document.body.innerHTML = '';
  ctx = {
    policy: { siteRoot: 'http://site.test/' },
    players: new PlayerManager(async () => ({ dispose: () => undefined })),
  };
});

describe('views', () => {
  it('celebrities column: empty state when no channel recognised anyone', () => {
    const column = new CelebritiesColumn(ctx);
    const state = emptyState();
    state.celebrities = celebritiesFeed([]);
    column.update(state);
    expect(column.root.querySelector('.empty')?.textContent).toBe(NO_CELEBRITIES);
  });

  it('celebrities: one card per channel and person, most recently seen first, with count, source and the kept frame', () => {
    const state = emptyState();
    state.celebrities = celebritiesFeed([
      makePerson('Older', NOW - 3_600_000, { count: 1, source: 'rekognition' }),
      makePerson('Eileen Collins', NOW - 60_000, { count: 12, channel: 'news' }),
    ]);
    const column = new CelebritiesColumn(ctx);
    column.update(state);
    expect([...column.root.querySelectorAll('.celebrity-name')].map((n) => n.textContent)).toEqual([
      'Eileen Collins',
      'Older',
    ]);
    expect(column.root.querySelector('.celebrity-facts')?.textContent).toMatch(
      /^97\.3 % match · news · 12 samples · last /,
    );
    const page = new CelebritiesPage(ctx);
    page.update(state);
    const cards = [...page.root.querySelectorAll('.celebrity')].map((c) => c.textContent ?? '');
    expect(cards[0]).toContain('named face (offline gallery)');
    expect(cards[1]).toContain('once');
    expect(cards[1]).toContain('Rekognition celebrity');
    expect(page.root.querySelector('img')?.getAttribute('src')).toBe(
      'http://site.test/feeds/thumbs/demo/people/person-1.jpg',
    );
  });

  it('health badges: one per channel with its level; "no report yet" once the first poll found none', () => {
    const badges = new HealthBadges();
    badges.update(undefined, false);
    expect(badges.root.children.length).toBe(0);
    badges.update(undefined, true);
    expect(badges.root.textContent).toBe('● No health report yet');
    badges.update(healthFeed([makeHealth('demo', NOW, 2), makeHealth(XSS_LABEL, NOW, 900)], NOW), true, NOW);
    expect([...badges.root.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('data-level')])).toEqual([
      ['● demo: OK', 'green'],
      [`● ${XSS_LABEL}: Stopped`, 'red'],
    ]);
    expect(badges.root.querySelector('img')).toBeNull();
  });

  it('labels: watched ones from labels.json are marked even before all-labels.json knows them', () => {
    const state = emptyState();
    state.labels = labelsFeed([makeLabel('Cat'), makeLabel('Dog')]);
    state.allLabels = allLabelsFeed([makeAllLabel('Cat', { watched: false }), makeAllLabel('Sofa')]);
    expect(labelRows(state).map((r) => [r.name, r.watched])).toEqual([
      ['Cat', true],
      ['Sofa', false],
      ['Dog', true],
    ]);
  });

  it('labels page: the confidence column says it is the last sighting’s (it can go down between polls)', () => {
    const state = emptyState();
    state.allLabels = allLabelsFeed([makeAllLabel('Sofa')]);
    const page = new AllLabelsPage(ctx);
    page.update(state);
    const headers = [...page.root.querySelectorAll('thead th')].map((th) => th.textContent);
    expect(headers).toEqual(['', 'Label', 'Seen', 'First seen', 'Last seen', 'Last confidence']);
  });

  it('timeline: bands, cuts, markers in the window only; a clip marker plays that clip', () => {
    const played: Clip[] = [];
    const inside = makeClip('in', { start: new Date(NOW - 60_000).toISOString() });
    const outside = makeClip('out', { start: new Date(NOW - 40 * 60_000).toISOString() });
    const failed = makeClip('bad', { status: 'failed', start: new Date(NOW - 120_000).toISOString() });
    const el = renderTimeline({
      recent: recentFeed(NOW),
      watched: ['Cat', 'Dog'],
      appearances: [],
      clips: [inside, outside, failed],
      onPlayClip: (c) => played.push(c),
    });
    expect(el.querySelectorAll('.tl-presence').length).toBe(2);
    expect(el.querySelectorAll('.tl-band').length).toBe(2);
    expect(el.querySelectorAll('.tl-cut').length).toBe(4);
    expect([...el.querySelectorAll('button.tl-clip')].map((b) => b.getAttribute('data-clip-id'))).toEqual(['in']);
    expect(el.querySelectorAll('.tl-clip.status-failed').length).toBe(1);
    el.querySelector<HTMLButtonElement>('button.tl-clip')!.click();
    expect(played.map((c) => c.id)).toEqual(['in']);
  });
});

describe('missing optional feeds', () => {
  it('a history link to a day without a page says the clip is not there instead of loading forever', async () => {
    const { Dashboard } = await import('../../src/app');
    const root = document.body.appendChild(document.createElement('div'));
    const files = new Map([
      ['/feeds/clips.json', JSON.stringify({ version: 1, generatedAt: '2026-11-26T12:00:00.000Z', clips: [] })],
      ['/feeds/labels.json', JSON.stringify(labelsFeed([]))],
    ]);
    window.location.hash = '#/clips/gone?day=2026-01-01';
    const dashboard = new Dashboard({
      root,
      config: { feedsBase: 'feeds/', pollIntervalMs: 60_000 },
      siteRoot: 'http://site.test/',
      fetch: async (url) => {
        const body = files.get(new URL(url).pathname);
        return body === undefined ? new Response('missing', { status: 404 }) : new Response(body);
      },
      playerFactory: async () => ({ dispose: () => undefined }),
    });
    try {
      await dashboard.start();
      expect(document.querySelector('.clip-detail')?.textContent).toContain(
        'Clip gone is not in the current clips feed.',
      );
      expect(dashboard.notice.messages).toEqual([]);
    } finally {
      dashboard.stop();
      window.location.hash = '';
    }
  });
});
