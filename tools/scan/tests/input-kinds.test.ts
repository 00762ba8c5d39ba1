/**
 * Every file kind a user may hand to `scan`: MP4 (with and without audio), MOV, MKV and MPEG-TS —
 * each scanned by the real pipeline (ffmpeg, the local detector, prekog's bounds, the
 * frame-accurate cutter) into the same exact clip of the cat. Playlists: playlists.test.ts.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { scan, serveResult, summaryLine, type ScanOutcome } from '../src';
import { sharedDetector } from './helpers/detector';
import { CAT_FRAMES, remuxed, SHORT_TRUTH, withAudio } from './helpers/inputs';
import { writeFile } from 'node:fs/promises';
import { runFfmpeg } from '@catfinder/media';

let work: string;
let truthPath: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scan-kinds-'));
  truthPath = join(work, 'truth.json');
  await writeFile(truthPath, JSON.stringify(SHORT_TRUTH));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const run = (input: string, out: string, extra: { partSeconds?: number } = {}): Promise<ScanOutcome> =>
  scan({
    input,
    outDir: join(work, out),
    truth: truthPath,
    detectorFactory: sharedDetector(),
    partSeconds: extra.partSeconds ?? 1,
  });

/**
 * The real dashboard (apps/web's build, served by `scan --serve`) in headless Chromium shows the
 * clip on the home page, and its exact frame range in the clip detail (the home shows local times).
 */
async function expectOnDashboard(outDir: string, clip: { id: string; posterUrl: string }): Promise<void> {
  const { posterUrl } = clip;
  const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  const server = await serveResult({ outDir });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForSelector(`[poster$="${posterUrl}"], img[src$="${posterUrl}"]`, { timeout: 30_000 });
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toMatch(/Cat/);
    expect(text).toMatch(/Ready/);
    // A file's times count from 0: shown as positions in it, not as "20,793 days ago".
    expect(text).toContain('00:00:01.500 media time');
    expect(text).not.toMatch(/days? ago/);
    await page.goto(`${server.url}#/clips/${encodeURIComponent(clip.id)}`);
    const range = page.locator('.clip-detail .frame-range');
    await range.waitFor({ timeout: 30_000 });
    expect(await range.textContent()).toBe('00:00:01;15 → 00:00:04;14 media time');
    // History: the scan wrote feeds/clips/days.json and the day page, so the clip is listed there.
    await page.goto(`${server.url}#/history`);
    const day = page.locator('.day-list a').first();
    await day.waitFor({ timeout: 30_000 });
    expect(await day.textContent()).toMatch(/ — 1 clip$/);
    await day.click();
    await page.locator('.history-row').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.history-row').count()).toBe(1);
    // No live channel on a scan's site: no Live entry, and #/live says so.
    expect(await page.locator('.site-nav a').allTextContents()).not.toContain('Live');
    await page.goto(`${server.url}#/live`);
    await page.locator('.no-live').waitFor({ timeout: 30_000 });
    // Nowhere a 1970 date: the label page (appearance heading, sample captions) and the Labels table.
    for (const hash of ['#/labels/Cat', '#/labels']) {
      await page.goto(`${server.url}${hash}`);
      await page.locator('.label-table').first().waitFor({ timeout: 30_000 });
      if (hash === '#/labels/Cat') await page.locator('.appearance h3').waitFor({ timeout: 30_000 });
      expect(await page.evaluate(() => document.body.innerText)).not.toContain('1970');
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

function expectTheCat(outcome: ScanOutcome): void {
  expect(outcome.damaged).toEqual([]);
  expect(outcome.clips.map((c) => [c.record.label, c.record.status, c.firstFrame, c.lastFrame])).toEqual([
    ['Cat', 'ready', CAT_FRAMES[0], CAT_FRAMES[1]],
  ]);
  expect(outcome.score).toMatchObject({ recall: 1, precision: 1, frameErrors: 0 });
  expect(outcome.frames).toBe(180);
  expect(summaryLine(outcome)).toMatch(
    /^scan: frames=180 realtime=\d+\.\d\d clips=1 recall=1 precision=1 frame_errors=0$/,
  );
}

describe('scan of a file', () => {
  it('finds the cat in an MP4 (with AAC) with exact bounds and writes clip, poster, feeds, EDL and chapters', async () => {
    const outcome = await run(await withAudio(), 'mp4');
    expectTheCat(outcome);
    const listing = await runFfmpeg(['-i', join(outcome.outDir, outcome.clips[0]!.record.mp4Url!)], {
      timeoutMs: 30_000,
    }).then(
      (r) => r.stderrTail,
      (e: { stderrTail?: string }) => e.stderrTail ?? '',
    );
    expect(listing).toMatch(/Stream #0:1.*Audio: aac/);
    const clip = outcome.clips[0]!.record;
    expect(clip.frameCount).toBe(90);
    expect(clip.verification?.passed).toBe(true);
    for (const url of [clip.mp4Url!, clip.posterUrl!])
      expect((await stat(join(outcome.outDir, url))).size).toBeGreaterThan(1000);
    const feed = JSON.parse(await readFile(join(outcome.outDir, 'feeds/clips.json'), 'utf8'));
    expect(feed).toMatchObject({
      version: 1,
      clips: [
        {
          id: clip.id,
          label: 'Cat',
          status: 'ready',
          startFrame: '1970-01-01 00:00:01;15',
          endFrame: '1970-01-01 00:00:04;14',
        },
      ],
    });
    const labels = JSON.parse(await readFile(join(outcome.outDir, 'feeds/labels.json'), 'utf8'));
    expect(labels.labels).toEqual([expect.objectContaining({ name: 'Cat', channel: outcome.channel })]);
    const thumb = labels.labels[0].thumbnailUrl as string;
    expect((await stat(join(outcome.outDir, thumb))).isFile()).toBe(true);
    // Every label the detector saw, each with its best sample as thumbnail (no 404 on the labels page).
    const all = JSON.parse(await readFile(join(outcome.outDir, 'feeds/all-labels.json'), 'utf8'));
    expect(all.labels).toContainEqual(
      expect.objectContaining({ name: 'Cat', channel: outcome.channel, watched: true }),
    );
    for (const label of all.labels) expect((await stat(join(outcome.outDir, label.thumbnailUrl))).isFile()).toBe(true);
    const catFeed = JSON.parse(await readFile(join(outcome.outDir, 'feeds/labels/Cat.json'), 'utf8'));
    expect(catFeed.appearances).toEqual([expect.objectContaining({ label: 'Cat', open: false, clipId: clip.id })]);
    const edl = await readFile(join(outcome.outDir, 'clips.edl'), 'utf8');
    expect(edl).toContain('001  AX       V     C        00:00:01:15 00:00:04:15 00:00:00:00 00:00:03:00');
    const vtt = await readFile(join(outcome.outDir, 'chapters.vtt'), 'utf8');
    expect(vtt).toMatch(/^WEBVTT\n\n1\n00:00:01\.500 --> 00:00:04\.500\nCat 1/);
    await expectOnDashboard(outcome.outDir, { id: clip.id, posterUrl: clip.posterUrl! });
  });

  it.each(['mov', 'mkv'] as const)('finds the same cat frames in a %s file', async (ext) => {
    expectTheCat(await run(await remuxed(ext), ext));
  });

  it('finds the same cat frames in a ts file split into parts longer than a GOP (2 s parts over 1 s GOPs)', async () => {
    expectTheCat(await run(await remuxed('ts'), 'ts-2s', { partSeconds: 2 }));
  });
});
