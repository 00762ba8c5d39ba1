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
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../tests/helpers/browser';
import { buildSite } from '../tests/helpers/build';
import { clipsFeed, labelsFeed, makeClip, makeLabel } from '../tests/helpers/fixtures';
import { makeClipMedia } from '../tests/helpers/media';
import { startSiteServer } from '../tests/helpers/server';

const CLIPS = 200;
const LOADS = 5;
const REFRESHES = 7;
const POLL_MS = 400;

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
    server.setFile('feeds/clips.json', feedWith(ids, '2026-11-26T12:00:00.000Z'));

    const firstRenders: number[] = [];
    const domBuilt: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(server.url);
      const marks = await page.waitForFunction(() => {
        const dom = performance.getEntriesByName('catfinder:first-render')[0];
        const paint = performance.getEntriesByName('catfinder:first-paint')[0];
        return dom && paint ? [dom.startTime, paint.startTime] : undefined;
      }, undefined, { timeout: 30_000 });
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
      const handle = await page.waitForFunction((stamp) => {
        const entry = performance
          .getEntriesByName('catfinder:refresh')
          .find((e) => (e as PerformanceMeasure).detail?.clipsGeneratedAt === stamp);
        return entry ? entry.duration : undefined;
      }, generatedAt, { timeout: 30_000 });
      refreshes.push((await handle.jsonValue()) as number);
      const first = await page.locator('.clip-list > li:first-child article').getAttribute('data-clip-id');
      if (first !== id || (await page.locator('[data-clip-id]').count()) !== CLIPS) throw new Error(`refresh ${i} did not render ${id} on top of ${CLIPS} clips`);
    }
    console.log(`DOM built (ms): ${domBuilt.map((v) => v.toFixed(1)).join(' ')}`);
    console.log(`first render incl. layout+paint (ms): ${firstRenders.map((v) => v.toFixed(1)).join(' ')}`);
    console.log(`refresh samples (ms): ${refreshes.map((v) => v.toFixed(1)).join(' ')}`);
    console.log(
      `bench web: bundle_kb=${(bundle.total / 1024).toFixed(1)} first_render_ms=${median(firstRenders).toFixed(0)} refresh_ms_200_clips=${median(refreshes).toFixed(1)}`,
    );
  } finally {
    await browser.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
