/**
 * Screenshots of every view from a running dashboard — the README's pictures, taken from the real
 * local stack (`npm start`, then about two minutes on the demo channel):
 *
 *   npx tsx apps/web/scripts/screenshots.ts http://127.0.0.1:4600/catfinder/ [outDir]
 *
 * Writes home, labels, celebrities, live, health, history, clip (detail) and phone PNGs into
 * outDir (default apps/web/docs). Each view is awaited until its content is there (the live player
 * playing, a clip card, a face), so a picture never shows a loading state.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WAIT_MS = 30_000;

interface Shot {
  readonly name: string;
  readonly hash: string;
  /** Resolves when the view shows what the picture is for. */
  readonly ready: (page: Page) => Promise<unknown>;
  readonly fullPage?: boolean;
}

const playing = (selector: string) => (page: Page) =>
  page.waitForFunction((s) => (document.querySelector<HTMLVideoElement>(s)?.currentTime ?? 0) > 1, selector, {
    timeout: WAIT_MS,
  });

async function newestClipId(base: string): Promise<string> {
  const feed = (await (await fetch(new URL('feeds/clips.json', base))).json()) as {
    clips: { id: string; status: string; label: string }[];
  };
  const clip = feed.clips.find((c) => c.status === 'ready' && c.label === 'Cat') ?? feed.clips[0];
  if (!clip) throw new Error(`no clip in ${base}feeds/clips.json yet: wait for the first Cat clip`);
  return clip.id;
}

function shots(clipId: string): Shot[] {
  return [
    {
      name: 'home',
      hash: '#/',
      ready: (p) =>
        Promise.all([
          p.locator('.celebrities .celebrity img').first().waitFor({ timeout: WAIT_MS }),
          p.locator(`[data-clip-id="${clipId}"]`).waitFor({ timeout: WAIT_MS }),
        ]),
      fullPage: true,
    },
    {
      name: 'labels',
      hash: '#/labels',
      ready: (p) => p.locator('.all-labels tbody tr').first().waitFor({ timeout: WAIT_MS }),
      fullPage: true,
    },
    {
      name: 'celebrities',
      hash: '#/celebrities',
      ready: (p) => p.locator('.celebrities-page .celebrity img').first().waitFor({ timeout: WAIT_MS }),
      fullPage: true,
    },
    { name: 'live', hash: '#/live', ready: playing('.live-player video'), fullPage: true },
    {
      name: 'health',
      hash: '#/health',
      ready: (p) => p.locator('.health-card').first().waitFor({ timeout: WAIT_MS }),
      fullPage: true,
    },
    {
      name: 'history',
      hash: '#/history',
      ready: async (p) => {
        await p.locator('.day-list a').first().click();
        await p.locator('.history-row').first().waitFor({ timeout: WAIT_MS });
      },
      fullPage: true,
    },
    {
      name: 'clip',
      hash: `#/clips/${encodeURIComponent(clipId)}`,
      ready: (p) => p.locator('.clip-detail .frame-range').waitFor({ timeout: WAIT_MS }),
      fullPage: true,
    },
  ];
}

async function main(): Promise<void> {
  const [base, out = fileURLToPath(new URL('../docs/', import.meta.url))] = process.argv.slice(2);
  if (!base) throw new Error('usage: screenshots.ts <dashboard URL> [outDir]');
  await mkdir(out, { recursive: true });
  const clipId = await newestClipId(base);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    for (const shot of shots(clipId)) {
      await page.goto(new URL(shot.hash, base).href);
      await shot.ready(page);
      await page.screenshot({ path: join(out, `${shot.name}.png`), fullPage: shot.fullPage ?? false });
      process.stdout.write(`${shot.name}.png\n`);
    }
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await phone.goto(new URL('#/', base).href);
    await phone.locator(`[data-clip-id="${clipId}"]`).waitFor({ timeout: WAIT_MS });
    await phone.screenshot({ path: join(out, 'phone.png') });
    process.stdout.write('phone.png\n');
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
