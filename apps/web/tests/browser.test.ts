/**
 * Real-browser test: the built site, fixture feeds and a real MP4 served from 127.0.0.1, driven
 * in Debian's headless Chromium through playwright-core.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/browser';
import { sharedSite, WEB_ROOT } from './helpers/build';
import { clipsFeed, labelFeed, labelsFeed, makeAppearance, makeClip, makeLabel, XSS_LABEL } from './helpers/fixtures';
import { makeClipMedia } from './helpers/media';
import { startSiteServer, type SiteServer } from './helpers/server';

const POLL_MS = 1_000;
const ARTIFACTS = join(WEB_ROOT, 'test-artifacts');

const readyClip = makeClip('c1', {}, 1);
const cuttingClip = makeClip(
  'c0',
  { label: XSS_LABEL, status: 'cutting', mp4Url: undefined, method: undefined, verification: undefined },
  0,
);
const failedClip = makeClip('cfail', { status: 'failed', reason: 'source segments expired' }, 0);
const baseClips = [readyClip, cuttingClip, failedClip];

describe('dashboard in headless Chromium', () => {
  let dir: string;
  let server: SiteServer;
  let browser: Browser;
  let launching: Promise<Browser> | undefined;
  let page: Page;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'catfinder-web-'));
    const mediaDir = join(dir, 'media', 'clips', 'demo');
    await mkdir(mediaDir, { recursive: true });
    // The build, the clip encode and the browser start do not depend on each other: run them together.
    launching = launchChromium();
    launching.catch(() => undefined);
    const [site, media] = await Promise.all([sharedSite(), makeClipMedia(mediaDir, 'c1')]);
    const jpg = await readFile(media.jpg);
    server = await startSiteServer({ roots: [site, join(dir, 'media')] });
    for (const id of ['c0', 'c2', 'cfail']) server.setFile(`clips/demo/${id}.jpg`, jpg);
    server.setFile('clips/demo/c2.mp4', await readFile(media.mp4));
    server.setFile('samples/demo/1/0.jpg', jpg);
    server.setFile('config.json', JSON.stringify({ feedsBase: 'feeds/', pollIntervalMs: POLL_MS }));
    server.setFile('feeds/clips.json', JSON.stringify(clipsFeed(baseClips)));
    server.setFile(
      'feeds/labels.json',
      JSON.stringify(labelsFeed([makeLabel('Cat'), makeLabel(XSS_LABEL, { count: 1 })])),
    );
    server.setFile('feeds/labels/Cat.json', JSON.stringify(labelFeed('Cat', [makeAppearance('a1', 'c1')])));
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launching;
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.url);
  }, 240_000);

  afterAll(async () => {
    // also a browser still starting when the set-up failed
    await (browser ?? (await launching?.catch(() => undefined)))?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists the clips with start frame label, cut method and status', async () => {
    const card = page.locator('[data-clip-id="c1"]');
    await card.waitFor({ timeout: 10_000 });
    // Start in the viewer's zone with "… ago"; the exact UTC frame label is the tooltip.
    await expect(card.locator('.clip-start time').textContent()).resolves.toMatch(
      /^Nov 26, 2026, \d{1,2}:\d{2}:\d{2}.* · \d+ days? ago$/,
    );
    await expect(card.locator('.clip-start time').getAttribute('title')).resolves.toBe(`${readyClip.startFrame} UTC`);
    await expect(card.textContent()).resolves.toContain('smart, verified (framemd5)');
    await expect(page.locator('[data-clip-id="c0"] .clip-status').textContent()).resolves.toBe('Cutting…');
    await expect(page.locator('[data-clip-id="cfail"] .clip-status').textContent()).resolves.toBe(
      'Failed: source segments expired',
    );
  });

  it('renders the XSS label as text, never as markup', async () => {
    const title = await page.locator('[data-clip-id="c0"] .clip-title').textContent();
    expect(title).toContain(XSS_LABEL);
    const labelNames = await page.locator('.label-name').allTextContents();
    expect(labelNames).toContain(XSS_LABEL);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('plays the MP4 inline with video.js when the poster is clicked', async () => {
    await page.locator('[data-clip-id="c1"] button.poster').click();
    const video = page.locator('[data-clip-id="c1"] video');
    await video.waitFor({ timeout: 15_000 });
    await page.waitForFunction(
      () => {
        const v = document.querySelector<HTMLVideoElement>('[data-clip-id="c1"] video');
        return v !== null && v.currentTime > 0.5;
      },
      undefined,
      { timeout: 15_000 },
    );
    expect(await page.locator('.video-js').count()).toBe(1);
    await page.evaluate(() => {
      (window as unknown as { playing: Element | null }).playing = document.querySelector('[data-clip-id="c1"] video');
    });
  });

  it('shows a new clip at the top within one refresh without disturbing the playing video', async () => {
    const before = await page.evaluate(() => (window as unknown as { playing: HTMLVideoElement }).playing.currentTime);
    const added = Date.now();
    server.setFile('feeds/clips.json', JSON.stringify(clipsFeed([makeClip('c2', {}, 2), ...baseClips])));
    // One refresh = one poll period plus the time to fetch and render (slack for a loaded CI box).
    await page.locator('[data-clip-id="c2"]').waitFor({ timeout: POLL_MS + 2_000 });
    expect(Date.now() - added).toBeLessThan(POLL_MS + 2_000);
    const firstId = await page.locator('.clip-list > li:first-child article').getAttribute('data-clip-id');
    expect(firstId).toBe('c2');
    await page.waitForTimeout(300);
    const state = await page.evaluate(() => {
      const kept = (window as unknown as { playing: HTMLVideoElement }).playing;
      return {
        same: kept === document.querySelector('[data-clip-id="c1"] video'),
        connected: kept.isConnected,
        paused: kept.paused,
        time: kept.currentTime,
      };
    });
    expect(state).toMatchObject({ same: true, connected: true, paused: false });
    expect(state.time).toBeGreaterThan(before);
  });

  it('keeps one player at a time and disposes it when closed', async () => {
    await page.locator('[data-clip-id="c2"] button.poster').click();
    await page.locator('[data-clip-id="c2"] video').waitFor({ timeout: 15_000 });
    expect(await page.locator('.video-js').count()).toBe(1);
    expect(await page.locator('[data-clip-id="c1"] button.poster').count()).toBe(1);
    await page.locator('[data-clip-id="c2"] .player-close').click();
    expect(await page.locator('video').count()).toBe(0);
    // Keyboard: focus the poster and press Enter.
    await page.locator('[data-clip-id="c1"] button.poster').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-clip-id="c1"] video').waitFor({ timeout: 15_000 });
    await page.keyboard.press('Escape');
    expect(await page.locator('video').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  });

  it('shows a non-blocking notice for a broken feed and keeps the last good data', async () => {
    server.setFile('feeds/clips.json', '{"version":1,"generatedAt":"2026-11-26T12:00:00Z","clips":[ broken');
    const notice = page.locator('.notice');
    await notice.getByText('clips.json').waitFor({ timeout: POLL_MS * 2 + 2_000 });
    expect(await notice.textContent()).toMatch(/Could not refresh clips\.json: not valid JSON/);
    expect(await page.locator('[data-clip-id]').count()).toBe(4);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-broken-feed.png') });
    server.setFile('feeds/clips.json', JSON.stringify(clipsFeed(baseClips)));
    await notice.waitFor({ state: 'hidden', timeout: POLL_MS * 2 + 2_000 });
    expect(await page.locator('[data-clip-id]').count()).toBe(3);
  });

  it('opens a shareable clip URL with the player, scene timeline and download link', async () => {
    await page.goto(`${server.url}#/clips/c1`);
    await page.locator('.clip-detail video').waitFor({ timeout: 15_000 });
    expect(await page.locator('.timeline li').count()).toBe(readyClip.cuts.length);
    expect(await page.locator('a.download').getAttribute('href')).toBe(`${server.url}clips/demo/c1.mp4`);
    await page.screenshot({ path: join(ARTIFACTS, 'clip-detail.png'), fullPage: true });
  });

  it('shows a label view with the samples before, during and after the appearance', async () => {
    await page.goto(`${server.url}#/labels/Cat`);
    await page.locator('.sample').first().waitFor({ timeout: 10_000 });
    const phases = await page.locator('.sample').evaluateAll((items) => items.map((el) => el.className));
    expect(phases).toEqual([
      'sample phase-before',
      'sample phase-during matched',
      'sample phase-during matched',
      'sample phase-after',
    ]);
    expect(await page.locator('.sample figcaption').first().textContent()).toContain('12.5 %');
    expect(await page.locator('.label-view a[href="#/clips/c1"]').count()).toBe(1);
  });

  it('fits a phone-width screen without horizontal scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(server.url);
    await page.locator('[data-clip-id="c1"]').waitFor({ timeout: 10_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-phone.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
