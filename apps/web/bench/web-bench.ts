/**
 * nx run web:bench — builds the site, measures the gzip size of what the first page load needs
 * (everything except the lazily loaded video.js chunk), then loads the page with 200 clips in
 * headless Chromium and reads the dashboard's own performance entries:
 *   first_render_ms: navigation start → the first frame painted with all 200 cards
 *     (`catfinder:first-paint`: the DOM is built, then laid out and painted), including
 *     config.json and both feed fetches; median of 5 fresh page loads. The DOM-built time alone
 *     (`catfinder:first-render`) is printed as well.
 *   refresh_ms_200_clips: one poll that brings a new clip (fetch + parse + keyed DOM update of
 *     200 cards), the `catfinder:refresh` measure; median of 7 refreshes.
 *   history_page_ms: with a 10,000-clip history (10 UTC days × 1,000 clips, day pages built by
 *     libs/store's own `buildClipDayFeed`), the time from following a day link (hash change) to
 *     the first frame painted with all 1,000 rows (`catfinder:history-painted`), including the
 *     day page's fetch and parse; median of 5 different days.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildClipDayFeed, summariseDay, withDaySummary, type ClipDaysIndex, type ClipRecord } from '@catfinder/store';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../tests/helpers/browser';
import { buildSite } from '../tests/helpers/build';
import { clipsFeed, labelsFeed, makeClip, makeLabel } from '../tests/helpers/fixtures';
import {
  allLabelsFeed,
  celebritiesFeed,
  healthFeed,
  makeAllLabel,
  makeHealth,
  makePerson,
} from '../tests/helpers/fixtures-extra';
import { makeClipMedia } from '../tests/helpers/media';
import { startSiteServer, type SiteServer } from '../tests/helpers/server';

const CLIPS = 200;
const LOADS = 5;
const REFRESHES = 7;
const POLL_MS = 400;
const HISTORY_DAYS = 10;
const CLIPS_PER_DAY = 1_000;
const HISTORY_SAMPLES = 5;

/** 10,000 clips over 10 days, as the clips feed publisher writes them (one file per day + index). */
function historyFeeds(): { index: ClipDaysIndex; pages: Map<string, string> } {
  const pages = new Map<string, string>();
  let index: ClipDaysIndex | undefined;
  const generatedAt = new Date('2026-11-26T12:00:00.000Z');
  for (let d = 0; d < HISTORY_DAYS; d++) {
    const dayStart = Date.parse('2026-11-25T00:00:00.000Z') - d * 86_400_000;
    const clips: ClipRecord[] = Array.from({ length: CLIPS_PER_DAY }, (_, i) => {
      const start = dayStart + i * 80_000;
      const frame = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')};05`;
      return {
        id: `h${d}-${i}`,
        channel: i % 3 ? 'demo' : 'news',
        label: ['Cat', 'Dog', 'Eileen Collins', 'Person'][i % 4]!,
        start,
        end: start + 6000,
        startFrame: frame(start),
        endFrame: frame(start + 6000),
        frameCount: 150,
        durationSeconds: 6,
        cuts: [],
        status: i % 50 ? 'ready' : 'failed',
        reason: i % 50 ? undefined : 'source segments expired',
        method: 'smart',
        verification: { passed: true, method: 'framemd5' },
        latencySeconds: 7.5,
        detectorCalls: 6,
        mp4Key: `clips/demo/h${d}-${i}.mp4`,
        posterKey: 'clips/demo/poster.jpg',
        hlsKey: `clips/demo/h${d}-${i}.m3u8`,
        createdAt: start + 9000,
        updatedAt: start + 9000,
      };
    });
    const feed = buildClipDayFeed(new Date(dayStart).toISOString().slice(0, 10), clips, generatedAt);
    pages.set(feed.day, JSON.stringify(feed));
    index = withDaySummary(index, summariseDay(feed), generatedAt);
  }
  return { index: index!, pages };
}

/** Follows a day link and waits for all its rows to be painted; returns ms since the click. */
async function openDay(page: Page, day: string): Promise<number> {
  const t0 = await page.evaluate((d) => {
    const started = performance.now();
    location.hash = `#/history/${d}`;
    return started;
  }, day);
  const painted = await page.waitForFunction(
    ([d, since]) =>
      performance
        .getEntriesByName('catfinder:history-painted')
        .find((e) => e.startTime > since && (e as PerformanceMark).detail?.day === d)?.startTime,
    [day, t0] as const,
    { timeout: 30_000, polling: 'raf' },
  );
  const handle = ((await painted.jsonValue()) as number) - t0;
  if (process.env.BENCH_BREAKDOWN) {
    const parts = await page.evaluate(
      ([d, since]) => {
        const res = performance.getEntriesByType('resource').find((e) => e.name.endsWith(`days/${d}.json`)) as
          PerformanceResourceTiming | undefined;
        const rendered =
          performance.getEntriesByName('catfinder:history-rendered').find((e) => e.startTime > since)?.startTime ?? NaN;
        return {
          fetchStart: (res?.startTime ?? NaN) - since,
          fetchEnd: (res?.responseEnd ?? NaN) - since,
          rendered: rendered - since,
        };
      },
      [day, t0] as const,
    );
    console.log(`day ${day}: ${JSON.stringify(parts)} painted ${handle.toFixed(1)}`);
  }
  const rows = await page.locator('.history-row').count();
  if (rows !== CLIPS_PER_DAY) throw new Error(`day ${day}: expected ${CLIPS_PER_DAY} rows, found ${rows}`);
  return handle;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function bundleGzipBytes(site: string): Promise<{ total: number; files: string[] }> {
  const assets = (await readdir(join(site, 'assets'))).map((f) => join('assets', f));
  const counted = ['index.html', ...assets].filter((f) => !/^assets\/videojs-/.test(f) && /\.(html|js|css)$/.test(f));
  let total = 0;
  for (const file of counted) total += gzipSync(await readFile(join(site, file))).length;
  return { total, files: counted };
}

function feedWith(ids: string[], generatedAt: string): string {
  const clips = ids.map((id, i) => makeClip(id, {}, ids.length - i));
  return JSON.stringify({ ...clipsFeed(clips), generatedAt });
}

/** history_page_ms samples: a fresh page with a slow poll, so a poll never lands inside a measurement. */
async function measureHistory(browser: Browser, server: SiteServer, poster: Buffer): Promise<number[]> {
  const history = historyFeeds();
  server.setFile('feeds/clips/days.json', JSON.stringify(history.index));
  for (const [day, body] of history.pages) server.setFile(`feeds/clips/days/${day}.json`, body);
  server.setFile('clips/demo/poster.jpg', poster);
  server.setFile('config.json', JSON.stringify({ pollIntervalMs: 600_000 }));
  const historyPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await historyPage.goto(`${server.url}#/history`);
  await historyPage.locator('.day-list a').first().waitFor({ timeout: 30_000 });
  const historyTimes: number[] = [];
  for (const day of [...history.pages.keys()].slice(0, HISTORY_SAMPLES))
    historyTimes.push(await openDay(historyPage, day));
  const dayBytes = Buffer.byteLength([...history.pages.values()][0]!);
  console.log(
    `history: ${HISTORY_DAYS * CLIPS_PER_DAY} clips, day page ${(dayBytes / 1024).toFixed(0)} KB (${(gzipSync([...history.pages.values()][0]!).length / 1024).toFixed(0)} KB gzip); samples (ms): ${historyTimes.map((v) => v.toFixed(1)).join(' ')}`,
  );
  return historyTimes;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'catfinder-web-bench-'));
  const browser = await launchChromium();
  const server = await startSiteServer({ roots: [join(dir, 'site')] });
  try {
    const site = await buildSite(join(dir, 'site'));
    const bundle = await bundleGzipBytes(site);
    console.log(`bundle files: ${bundle.files.join(', ')} (gzip ${bundle.total} bytes)`);

    await mkdir(join(dir, 'media'));
    const poster = await readFile((await makeClipMedia(join(dir, 'media'), 'poster', 1)).jpg);
    let ids = Array.from({ length: CLIPS }, (_, i) => `clip-${CLIPS - i}`);
    for (const id of ids) server.setFile(`clips/demo/${id}.jpg`, poster);
    server.setFile('samples/demo/1/0.jpg', poster);
    server.setFile('config.json', JSON.stringify({ pollIntervalMs: POLL_MS }));
    server.setFile('feeds/labels.json', JSON.stringify(labelsFeed([makeLabel('Cat'), makeLabel('Person')])));
    // The other base feeds, as a running pipeline has them (so no request is a 404).
    server.setFile('feeds/health.json', JSON.stringify(healthFeed([makeHealth('demo', Date.now(), 2)], Date.now())));
    server.setFile(
      'feeds/all-labels.json',
      JSON.stringify(
        allLabelsFeed(
          ['Cat', 'Person', 'Sofa', 'Chair', 'Plant'].map((n) =>
            makeAllLabel(n, { watched: n === 'Cat', thumbnailUrl: 'samples/demo/1/0.jpg' }),
          ),
        ),
      ),
    );
    server.setFile(
      'feeds/celebrities.json',
      JSON.stringify(
        celebritiesFeed([makePerson('Eileen Collins', Date.now(), { thumbnailUrl: 'samples/demo/1/0.jpg' })]),
      ),
    );
    server.setFile('feeds/clips.json', feedWith(ids, '2026-11-26T12:00:00.000Z'));

    const firstRenders: number[] = [];
    const domBuilt: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(server.url);
      const marks = await page.waitForFunction(
        () => {
          const dom = performance.getEntriesByName('catfinder:first-render')[0];
          const paint = performance.getEntriesByName('catfinder:first-paint')[0];
          return dom && paint ? [dom.startTime, paint.startTime] : undefined;
        },
        undefined,
        { timeout: 30_000 },
      );
      const cards = await page.locator('[data-clip-id]').count();
      if (cards !== CLIPS) throw new Error(`expected ${CLIPS} clip cards at first render, found ${cards}`);
      const [dom, paint] = (await marks.jsonValue()) as [number, number];
      domBuilt.push(dom);
      firstRenders.push(paint);
      await page.close();
    }

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url);
    await page.locator(`[data-clip-id="${ids[0]}"]`).waitFor({ timeout: 30_000 });
    const refreshes: number[] = [];
    for (let i = 0; i < REFRESHES; i++) {
      const id = `new-${i}`;
      const generatedAt = new Date(Date.parse('2026-11-26T12:00:00.000Z') + (i + 1) * 1000).toISOString();
      server.setFile(`clips/demo/${id}.jpg`, poster);
      ids = [id, ...ids.slice(0, CLIPS - 1)];
      server.setFile('feeds/clips.json', feedWith(ids, generatedAt));
      const handle = await page.waitForFunction(
        (stamp) => {
          const entry = performance
            .getEntriesByName('catfinder:refresh')
            .find((e) => (e as PerformanceMeasure).detail?.clipsGeneratedAt === stamp);
          return entry ? entry.duration : undefined;
        },
        generatedAt,
        { timeout: 30_000 },
      );
      refreshes.push((await handle.jsonValue()) as number);
      const first = await page.locator('.clip-list > li:first-child article').getAttribute('data-clip-id');
      if (first !== id || (await page.locator('[data-clip-id]').count()) !== CLIPS)
        throw new Error(`refresh ${i} did not render ${id} on top of ${CLIPS} clips`);
    }
    const historyTimes = await measureHistory(browser, server, poster);
    console.log(`DOM built (ms): ${domBuilt.map((v) => v.toFixed(1)).join(' ')}`);
    console.log(`first render incl. layout+paint (ms): ${firstRenders.map((v) => v.toFixed(1)).join(' ')}`);
    console.log(`refresh samples (ms): ${refreshes.map((v) => v.toFixed(1)).join(' ')}`);
    console.log(
      `bench web: bundle_kb=${(bundle.total / 1024).toFixed(1)} first_render_ms=${median(firstRenders).toFixed(0)} refresh_ms_200_clips=${median(refreshes).toFixed(1)} history_page_ms=${median(historyTimes).toFixed(0)}`,
    );
  } finally {
    await browser.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
