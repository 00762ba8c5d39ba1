// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Dashboard } from '../../src/app';
import type { FetchLike } from '../../src/feeds/load';
import { NO_PIPELINE } from '../../src/render/health';
import { SCAN_HINT } from '../../src/render/history';
import { NO_LIVE } from '../../src/render/live';
import { localAndRelative } from '../../src/time';
import { clipsFeed, labelFeed, labelsFeed, makeAppearance, makeClip, makeLabel } from '../helpers/fixtures';

/** An in-memory feed origin implementing fetch's contract (status + body). */
class FeedOrigin {
  readonly files = new Map<string, string>();
  readonly requested: string[] = [];
  readonly fetch: FetchLike = async (url) => {
    this.requested.push(url);
    const body = this.files.get(new URL(url).pathname);
    return body === undefined ? new Response('missing', { status: 404 }) : new Response(body, { status: 200 });
  };
}

let origin: FeedOrigin;
let dashboard: Dashboard | undefined;

function start(extra: { pipeline?: boolean } = {}): Dashboard {
  const root = document.createElement('div');
  document.body.appendChild(root);
  dashboard = new Dashboard({
    root,
    config: { feedsBase: 'feeds/', pollIntervalMs: 60_000, ...extra },
    siteRoot: 'http://site.test/',
    fetch: origin.fetch,
    playerFactory: async () => ({ dispose: () => undefined }),
  });
  return dashboard;
}

beforeEach(() => {
  document.body.innerHTML = '';
  window.location.hash = '';
  origin = new FeedOrigin();
  origin.files.set('/feeds/clips.json', JSON.stringify(clipsFeed([makeClip('a')])));
  origin.files.set('/feeds/labels.json', JSON.stringify(labelsFeed([makeLabel('Cat')])));
});

afterEach(() => dashboard?.stop());

describe('Dashboard', () => {
  it('renders labels and clips from the feeds', async () => {
    await start().start();
    expect(document.querySelectorAll('[data-clip-id]').length).toBe(1);
    expect(document.querySelector('.label-name')?.textContent).toBe('Cat');
    expect(document.querySelector<HTMLElement>('.notice')!.hidden).toBe(true);
  });

  it('a site no live pipeline reports on (a scan: pipeline false) never asks for health.json and shows no badge', async () => {
    await start({ pipeline: false }).start();
    expect(document.querySelectorAll('[data-clip-id]').length).toBe(1);
    expect(origin.requested.filter((u) => u.endsWith('/health.json'))).toEqual([]);
    expect(document.querySelector('.health-badges')).toBeNull();
    window.location.hash = '#/health';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await vi.waitFor(() => expect(document.querySelector('.health-page')?.textContent).toContain(NO_PIPELINE));
  });

  it('a live site asks for health.json and says when there is none yet', async () => {
    await start().start();
    expect(origin.requested.filter((u) => u.endsWith('/health.json')).length).toBeGreaterThan(0);
    expect(document.querySelector('.health-badges')?.textContent).toContain('No health report yet');
  });

  it('keeps the last good data and shows a notice when a feed breaks, then recovers', async () => {
    const app = start();
    await app.start();
    origin.files.set('/feeds/clips.json', '<html>oops</html>');
    await app.refresh();
    expect(document.querySelectorAll('[data-clip-id="a"]').length).toBe(1);
    expect(app.notice.messages).toEqual([expect.stringMatching(/^Could not refresh clips\.json: not valid JSON/)]);
    origin.files.delete('/feeds/labels.json');
    await app.refresh();
    expect(app.notice.messages[1]).toBe(
      'Could not refresh labels.json: HTTP 404. Showing the last good data; retrying.',
    );
    expect(document.querySelector('.label-name')?.textContent).toBe('Cat');
    origin.files.set('/feeds/clips.json', JSON.stringify(clipsFeed([makeClip('b'), makeClip('a')])));
    origin.files.set('/feeds/labels.json', JSON.stringify(labelsFeed([makeLabel('Cat')])));
    await app.refresh();
    expect(app.notice.messages).toEqual([]);
    expect([...document.querySelectorAll('[data-clip-id]')].map((e) => e.getAttribute('data-clip-id'))).toEqual([
      'b',
      'a',
    ]);
  });

  it('reports malformed entries while showing the good ones', async () => {
    origin.files.set(
      '/feeds/clips.json',
      JSON.stringify({ ...clipsFeed([]), clips: [makeClip('a'), { id: 'broken' }] }),
    );
    const app = start();
    await app.start();
    expect(document.querySelectorAll('[data-clip-id]').length).toBe(1);
    expect(app.notice.messages[0]).toMatch(/^clips\.json: skipped malformed entries — clips\[1\]\.channel should be/);
  });

  it('loads the label feed for #/labels/<name>', async () => {
    origin.files.set('/feeds/labels/Cat.json', JSON.stringify(labelFeed('Cat', [makeAppearance('a1', 'a')])));
    window.location.hash = '#/labels/Cat';
    await start().start();
    expect(origin.requested).toContain('http://site.test/feeds/labels/Cat.json');
    expect(document.querySelectorAll('.sample').length).toBe(4);
  });

  it('uses a feed request started before config.json was read, once', async () => {
    const root = document.body.appendChild(document.createElement('div'));
    const early = Promise.resolve(JSON.stringify(clipsFeed([makeClip('early')])));
    dashboard = new Dashboard({
      root,
      config: { feedsBase: 'feeds/', pollIntervalMs: 60_000 },
      siteRoot: 'http://site.test/',
      fetch: origin.fetch,
      prefetched: new Map([['http://site.test/feeds/clips.json', early]]),
    });
    await dashboard.start();
    // Everything but the prefetched clips.json: the other base feeds, then the home view's celebrities.
    expect(origin.requested).toEqual([
      'http://site.test/feeds/labels.json',
      'http://site.test/feeds/health.json',
      'http://site.test/feeds/all-labels.json',
      'http://site.test/feeds/celebrities.json',
    ]);
    expect(document.querySelector('[data-clip-id]')?.getAttribute('data-clip-id')).toBe('early');
    await dashboard.refresh();
    expect(origin.requested).toContain('http://site.test/feeds/clips.json');
    expect(document.querySelector('[data-clip-id]')?.getAttribute('data-clip-id')).toBe('a');
  });

  it('polls on its own timer, one poll at a time', async () => {
    vi.useFakeTimers();
    try {
      const root = document.body.appendChild(document.createElement('div'));
      dashboard = new Dashboard({
        root,
        config: { feedsBase: 'feeds/', pollIntervalMs: 300 },
        siteRoot: 'http://site.test/',
        fetch: origin.fetch,
      });
      await dashboard.start();
      // A second refresh while the next poll is pending must not start a second timer chain.
      await dashboard.refresh();
      const before = origin.requested.length;
      await vi.advanceTimersByTimeAsync(900);
      // Per poll: clips, labels, health, all-labels, and celebrities.
      expect((origin.requested.length - before) / 5).toBe(3);
    } finally {
      dashboard?.stop();
      vi.useRealTimers();
    }
  });

  it('keeps the route when the skip link is used', async () => {
    window.location.hash = '#/clips/a';
    await start().start();
    document.querySelector<HTMLAnchorElement>('a.skip')!.click();
    expect(window.location.hash).toBe('#/clips/a');
    expect(document.activeElement?.id).toBe('main');
  });

  it('shows a clip detail for #/clips/<id> and says when the id is unknown', async () => {
    window.location.hash = '#/clips/nope';
    await start().start();
    expect(document.querySelector('.clip-detail')?.textContent).toContain(
      'Clip nope is not in the current clips feed.',
    );
  });
});

/** The fixtures as a scan of a file writes them: frames counted from 1970-01-01 00:00:00. */
function asScanned<T>(feed: T): T {
  return JSON.parse(
    JSON.stringify(feed).replaceAll('2026-11-26T11', '1970-01-01T00').replaceAll('2026-11-26 11', '1970-01-01 00'),
  ) as T;
}

/** Every piece of text a person can see or hover: text nodes and attributes (not `datetime`). */
function readableText(): string {
  const attrs = [...document.querySelectorAll('*')].flatMap((el) =>
    [...el.attributes].filter((a) => a.name !== 'datetime').map((a) => a.value),
  );
  return `${document.body.textContent ?? ''}\n${attrs.join('\n')}`;
}

async function go(hash: string, ready: () => void): Promise<void> {
  window.location.hash = hash;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  await vi.waitFor(ready);
}

describe('a scan’s site (pipeline false, media times)', () => {
  beforeEach(() => {
    origin.files.set('/feeds/clips.json', JSON.stringify(asScanned(clipsFeed([makeClip('a')]))));
    origin.files.set('/feeds/labels.json', JSON.stringify(asScanned(labelsFeed([makeLabel('Cat')]))));
    origin.files.set('/feeds/labels/Cat.json', JSON.stringify(asScanned(labelFeed('Cat', [makeAppearance('x', 'a')]))));
  });

  it('label page, clip page and Labels rows show positions in the file, never a 1970 date', async () => {
    await start({ pipeline: false }).start();
    expect(document.querySelectorAll('[data-clip-id]').length).toBe(1);
    expect(readableText()).not.toContain('1970');
    await go('#/labels/Cat', () => expect(document.querySelector('.appearance h3')).not.toBeNull());
    expect(document.querySelector('.appearance h3')?.textContent).toBe(
      'demo · from 00:00:02.000 media time · until 00:00:05.000 media time',
    );
    expect(document.querySelector('.label-table .frame-label')?.textContent).toBe(' (00:59:00;12 media time)');
    expect(readableText()).not.toContain('1970');
    await go('#/clips/a', () => expect(document.querySelector('.frame-range')).not.toBeNull());
    expect(document.querySelector('.frame-range')?.textContent).toBe('00:00:00;03 → 00:00:04;02 media time');
    expect(readableText()).not.toContain('1970');
    await go('#/labels', () => expect(document.querySelector('.label-table')).not.toBeNull());
    expect(readableText()).not.toContain('1970');
  });

  it('History lists the days a scan wrote (feeds/clips/days.json) and says its times are positions in the file', async () => {
    origin.files.set(
      '/feeds/clips/days.json',
      JSON.stringify({
        version: 1,
        generatedAt: '2026-12-06T08:00:00.000Z',
        days: [{ day: '2026-12-06', count: 1, channels: ['demo'], labels: ['Cat'] }],
      }),
    );
    await start({ pipeline: false }).start();
    await go('#/history', () => expect(document.querySelector('.day-list a')).not.toBeNull());
    expect(document.querySelector('.history .hint')?.textContent).toBe(SCAN_HINT);
    expect(document.querySelector('.day-list a')?.getAttribute('href')).toBe('#/history/2026-12-06');
  });

  it('has no Live entry, no badge list, and #/live says there is no live channel without asking for recent.json', async () => {
    await start({ pipeline: false }).start();
    expect([...document.querySelectorAll('.site-nav a')].map((a) => a.textContent)).toEqual([
      'Home',
      'Labels',
      'Celebrities',
      'History',
      'Health',
    ]);
    expect(document.querySelector('.health-badges')).toBeNull();
    await go('#/live', () => expect(document.querySelector('.live-view')?.textContent).toContain(NO_LIVE));
    await go('#/live/demo', () => expect(document.querySelector('.live-view')?.textContent).toContain(NO_LIVE));
    await dashboard!.refresh();
    expect(document.querySelector('.live-view video')).toBeNull();
    expect(origin.requested.filter((u) => u.includes('/channels/'))).toEqual([]);
  });

  it('a live site keeps its Live entry and badge list, and its label page uses local time + "ago", not ISO text', async () => {
    origin.files.set('/feeds/labels/Cat.json', JSON.stringify(labelFeed('Cat', [makeAppearance('x', 'a')])));
    await start().start();
    expect([...document.querySelectorAll('.site-nav a')].map((a) => a.textContent)).toContain('Live');
    expect(document.querySelector('.health-badges')).not.toBeNull();
    await go('#/labels/Cat', () => expect(document.querySelector('.appearance h3 time')).not.toBeNull());
    const heading = document.querySelector('.appearance h3')!;
    expect(heading.textContent).not.toContain('2026-11-26T');
    const times = [...heading.querySelectorAll('time')];
    expect(times.map((t) => t.getAttribute('datetime'))).toEqual([
      '2026-11-26T11:00:02.000Z',
      '2026-11-26T11:00:05.000Z',
    ]);
    expect(times[0]!.textContent).toBe(localAndRelative('2026-11-26T11:00:02.000Z'));
  });
});
