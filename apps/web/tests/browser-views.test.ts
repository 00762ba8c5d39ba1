/**
 * Real-browser tests of the operator views (every label, celebrities, live, health, history,
 * times) on the built site with fixture feeds, a real MP4 clip and a real HLS stream served from
 * 127.0.0.1, in Debian's headless Chromium. Hostile values ride in every new feed.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/browser';
import { sharedSite, WEB_ROOT } from './helpers/build';
import {
  clipsFeed,
  frameLabelAt,
  labelFeed,
  labelsFeed,
  makeAppearance,
  makeClip,
  makeLabel,
  XSS_LABEL,
} from './helpers/fixtures';
import {
  allLabelsFeed,
  celebritiesFeed,
  dayFeed,
  daysIndex,
  healthFeed,
  makeAllLabel,
  makeHealth,
  makePerson,
  recentFeed,
} from './helpers/fixtures-extra';
import { makeHlsStream } from './helpers/hls';
import { makeClipMedia } from './helpers/media';
import { startSiteServer, type SiteServer } from './helpers/server';

const POLL_MS = 1_000;
const ARTIFACTS = join(WEB_ROOT, 'test-artifacts');
const NOW = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();

function setFeeds(server: SiteServer): void {
  const clipStart = iso(NOW - 5 * 60_000);
  const clip = makeClip('c1', {
    start: clipStart,
    startFrame: frameLabelAt(clipStart, 3),
    createdAt: iso(NOW - 4 * 60_000),
  });
  const failed = makeClip('cfail', { status: 'failed', reason: 'source segments expired', mp4Url: undefined }, 2);
  const appearance = { ...makeAppearance('a1', 'c1'), start: clipStart };
  const json = (v: unknown) => JSON.stringify(v);
  server.setFile('config.json', json({ feedsBase: 'feeds/', pollIntervalMs: POLL_MS }));
  server.setFile('feeds/clips.json', json(clipsFeed([clip, failed])));
  server.setFile('feeds/labels.json', json(labelsFeed([makeLabel('Cat'), makeLabel(XSS_LABEL)])));
  server.setFile('feeds/labels/Cat.json', json(labelFeed('Cat', [appearance])));
  server.setFile(`feeds/labels/${XSS_LABEL}.json`, json(labelFeed(XSS_LABEL, [])));
  server.setFile(
    'feeds/all-labels.json',
    json(
      allLabelsFeed([
        makeAllLabel('Cat', { watched: true, thumbnailUrl: 'samples/demo/1/0.jpg' }),
        makeAllLabel('Sofa', { count: 40 }),
        makeAllLabel('Person', { channel: 'news', thumbnailUrl: 'javascript:alert(1)' }),
        makeAllLabel(XSS_LABEL, { thumbnailUrl: '//evil.example/x.jpg' }),
      ]),
    ),
  );
  server.setFile(
    'feeds/health.json',
    json(
      healthFeed(
        [
          makeHealth('demo', NOW, 3),
          makeHealth('news', NOW, 600, { errorsLast10Minutes: 2, lastError: '<b>fetch</b>: HTTP 404' }),
        ],
        NOW,
      ),
    ),
  );
  server.setFile(
    'feeds/celebrities.json',
    json(
      celebritiesFeed([
        makePerson('Eileen Collins', NOW - 60_000, { thumbnailUrl: 'samples/demo/1/0.jpg' }),
        makePerson(XSS_LABEL, NOW - 120_000, {
          urls: ['javascript:alert(1)'],
          thumbnailUrl: 'data:image/png;base64,AAAA',
          box: { Width: 2, Height: 2, Left: -1, Top: -1 },
        }),
      ]),
    ),
  );
  server.setFile('feeds/channels/demo/recent.json', json(recentFeed(NOW)));
  server.setFile(
    'feeds/channels/news/recent.json',
    json(recentFeed(NOW, { channel: 'news', playlistUrl: 'https://evil.example/live.m3u8' })),
  );
  const pages = [dayFeed('2026-12-01', 30), dayFeed('2026-11-30', 3)];
  server.setFile('feeds/clips/days.json', json(daysIndex(pages)));
  for (const p of pages) server.setFile(`feeds/clips/days/${p.day}.json`, json(p));
}

describe('operator views in headless Chromium', () => {
  let dir: string;
  let server: SiteServer;
  let browser: Browser;
  let launching: Promise<Browser> | undefined;
  let page: Page;
  const dialogs: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'catfinder-web-views-'));
    const media = join(dir, 'media');
    await mkdir(join(media, 'clips', 'demo'), { recursive: true });
    launching = launchChromium();
    launching.catch(() => undefined);
    const [site, clip] = await Promise.all([
      sharedSite(),
      makeClipMedia(join(media, 'clips', 'demo'), 'c1'),
      makeHlsStream(join(media, 'live'), 'demo'),
    ]);
    server = await startSiteServer({ roots: [site, media] });
    const jpg = await readFile(clip.jpg);
    for (const path of ['samples/demo/1/0.jpg', 'feeds/thumbs/demo/x.jpg', 'clips/demo/cfail.jpg'])
      server.setFile(path, jpg);
    for (let i = 0; i < 30; i++) server.setFile(`clips/demo/2026-12-01-${i}.jpg`, jpg);
    const mp4 = await readFile(clip.mp4);
    for (let i = 0; i < 30; i++) server.setFile(`clips/demo/2026-12-01-${i}.mp4`, mp4);
    setFeeds(server);
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launching;
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400) consoleErrors.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(server.url);
  }, 240_000);

  afterAll(async () => {
    await (browser ?? (await launching?.catch(() => undefined)))?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('home: every label per channel with the watched ones marked, celebrities, readable times, favicon', async () => {
    await page.locator('.labels .label-card[data-label="Sofa"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('.labels .label-group h3').allTextContents()).toEqual(['demo', 'news']);
    expect(await page.locator('.label-card.is-watched .label-name').allTextContents()).toEqual(['Cat', XSS_LABEL]);
    expect(await page.locator('.label-card[data-label="Sofa"] .watched').count()).toBe(0);
    await page.locator('.celebrities .celebrity-name').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('.celebrities .celebrity-name').allTextContents()).toEqual(['Eileen Collins', XSS_LABEL]);
    // Header: local time and "… ago", never the raw ISO string.
    const updated = await page.locator('.updated').textContent();
    expect(updated).toMatch(/^Feeds updated .+ · .+ago$/);
    expect(updated).not.toContain('T12:00:00');
    // A failed card names its reason once.
    expect((await page.locator('[data-clip-id="cfail"]').textContent())?.split('source segments expired').length).toBe(
      2,
    );
    expect(server.requests).toContain('favicon.svg');
    expect(server.requests.some((p) => p.startsWith('assets/videojs'))).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'views-home.png'), fullPage: true });
  });

  it('drops hostile values in the new feeds: no markup, no foreign or script URL', async () => {
    for (const src of await page.locator('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src') ?? ''))) {
      expect(src.startsWith(server.url), src).toBe(true);
    }
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.goto(`${server.url}#/celebrities`);
    await page.locator('.celebrities-page .celebrity').first().waitFor({ timeout: 10_000 });
    // Rekognition's Urls are text, never links; the face box is drawn.
    expect(await page.locator('.celebrities-page a').count()).toBe(0);
    expect(await page.locator('.celebrities-page .url-text').allTextContents()).toEqual([
      'www.wikidata.org/wiki/Q231441',
      'javascript:alert(1)',
    ]);
    expect(await page.locator('.celebrities-page .face-box').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'views-celebrities.png'), fullPage: true });
    await page.goto(`${server.url}#/health`);
    await page.locator('.health-card[data-channel="news"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('.health-card[data-channel="news"]').textContent()).toContain('<b>fetch</b>: HTTP 404');
    expect(await page.locator('.health-card b').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('labels page: every label per channel with a filter; an unwatched label has its own page', async () => {
    await page.goto(`${server.url}#/labels`);
    await page.locator('.all-labels tr[data-label="Sofa"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('.all-labels tbody tr').count()).toBe(4);
    await page.locator('#label-filter').fill('sof');
    expect(await page.locator('.all-labels tbody tr').count()).toBe(1);
    await page.locator('.all-labels a', { hasText: 'Sofa' }).click();
    await page.locator('.label-summary tr[data-label="Sofa"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('.label-summary td').nth(1).textContent()).toBe('40');
    await page.locator('.label-body', { hasText: 'Not a watched label' }).waitFor({ timeout: 10_000 });
  });

  it('live: the channel plays through the lazily loaded HLS engine, now on screen, timeline, a clip marker plays its clip', async () => {
    await page.goto(`${server.url}#/live/demo`);
    await page.waitForFunction(
      () => {
        const v = document.querySelector<HTMLVideoElement>('.live-player video');
        return v !== null && v.currentTime > 0.5;
      },
      undefined,
      { timeout: 30_000 },
    );
    expect(server.requests.some((p) => /^assets\/videojs-hls-.*\.js$/.test(p))).toBe(true);
    expect(server.requests.filter((p) => p.startsWith('live/demo')).length).toBeGreaterThan(1);
    expect(await page.locator('.now-labels li').allTextContents()).toEqual(['Person 96.1 %', 'Sofa 71.0 %']);
    expect(await page.locator('.now-celebrities li').allTextContents()).toEqual(['Eileen Collins 97.3 %']);
    expect(await page.locator('.tl-presence .tl-band').count()).toBe(2);
    expect(await page.locator('.tl-cuts .tl-cut').count()).toBe(4);
    expect(await page.locator('.tl-appearances .tl-appearance').count()).toBe(1);
    // Keyboard: focus the clip marker and press Enter; the clip's MP4 plays under the timeline.
    await page.locator('.tl-clips button[data-clip-id="c1"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => {
        const v = document.querySelector<HTMLVideoElement>('.timeline-clip-player video');
        return v !== null && v.currentTime > 0.3;
      },
      undefined,
      { timeout: 20_000 },
    );
    await page.screenshot({ path: join(ARTIFACTS, 'views-live.png'), fullPage: true });
    // Escape closes the clip and gives the focus back to its marker.
    await page.keyboard.press('Escape');
    expect(await page.locator('.timeline-clip-player').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-clip-id'))).toBe('c1');
  });

  it('live: a playlist URL on a foreign origin is refused and never requested', async () => {
    await page.goto(`${server.url}#/live/news`);
    await page.locator('.live-refused').waitFor({ timeout: 10_000 });
    expect(await page.locator('.live-player video').count()).toBe(0);
    expect(await page.locator('.channel-picker [aria-current="page"]').textContent()).toBe('news');
  });

  it('history: day pages with filters by label, channel and person; details and play', async () => {
    await page.goto(`${server.url}#/history`);
    await page.locator('.day-list a').first().click();
    await page.locator('.history-row').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('.history-row').count()).toBe(30);
    expect(await page.locator('.h-count').textContent()).toBe('30 of 30 clips');
    await page.selectOption('#f-label', 'Dog');
    expect(await page.locator('.h-count').textContent()).toBe('10 of 30 clips');
    await page.selectOption('#f-label', '');
    await page.selectOption('#f-channel', 'news');
    expect(await page.locator('.h-count').textContent()).toBe('15 of 30 clips');
    await page.selectOption('#f-channel', '');
    expect(await page.locator('#f-person option').allTextContents()).toEqual(['Anyone', 'Eileen Collins']);
    await page.selectOption('#f-person', 'Eileen Collins');
    expect(await page.locator('.history-row:not([hidden]) .h-label').allTextContents()).toEqual(
      Array(10).fill('Eileen Collins'),
    );
    await page.selectOption('#f-person', '');
    await page.locator('.history-row[data-clip-id="2026-12-01-0"] .h-play').click();
    await page.waitForFunction(
      () => (document.querySelector<HTMLVideoElement>('.history-player video')?.currentTime ?? 0) > 0.3,
      undefined,
      { timeout: 20_000 },
    );
    await page.keyboard.press('Escape');
    await page.screenshot({ path: join(ARTIFACTS, 'views-history.png'), fullPage: false });
    await page.locator('.history-row[data-clip-id="2026-12-01-1"] .h-details').click();
    await page.locator('.clip-detail .frame-range').waitFor({ timeout: 10_000 });
    expect(await page.locator('.clip-detail .frame-range').textContent()).toMatch(
      /^2026-12-01 \d{2}:\d{2}:\d{2};01 → .+ UTC$/,
    );
    expect(await page.locator('.clip-detail .range time').textContent()).toMatch(/ago/);
  });

  it('fits a phone-width screen on every view', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    for (const hash of ['#/', '#/live/demo', '#/labels', '#/celebrities', '#/health', '#/history/2026-12-01']) {
      await page.goto(`${server.url}${hash}`);
      await page.locator('main > *').first().waitFor({ timeout: 10_000 });
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, hash).toBeLessThanOrEqual(0);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'views-phone-history.png') });
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
  });

  it('health: turns red when the pipeline stopped even though health.json no longer changes (page clock)', async () => {
    const now = Date.now();
    server.setFile('feeds/health.json', JSON.stringify(healthFeed([makeHealth('demo', now, 2)], now)));
    const clocked = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    try {
      await clocked.clock.install({ time: now });
      await clocked.goto(`${server.url}#/health`);
      const badge = clocked.locator('.health-badges a[data-channel="demo"]');
      await badge.waitFor({ timeout: 10_000 });
      expect(await badge.getAttribute('data-level')).toBe('green');
      expect(await clocked.locator('.health-card dd').allTextContents()).toEqual(
        expect.arrayContaining(['#1234', '4.2 s', '15.0', '30.0', '0', 'none']),
      );
      await clocked.screenshot({ path: join(ARTIFACTS, 'views-health.png') });
      // Four minutes pass; the feed is served unchanged (its writer stopped): red, and why.
      await clocked.clock.fastForward('04:00');
      await clocked.waitForFunction(
        () => document.querySelector('.health-badges a[data-channel="demo"]')?.getAttribute('data-level') === 'red',
        undefined,
        { timeout: 10_000 },
      );
      expect(await clocked.locator('.health-card .health-reason').textContent()).toBe(
        'Stopped: no health report for 4 min',
      );
    } finally {
      await clocked.close();
      setFeeds(server);
    }
  });
});
