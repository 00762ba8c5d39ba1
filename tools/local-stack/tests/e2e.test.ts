/**
 * End to end, as a newcomer runs it: the stack on free ports with the demo channel (here a short
 * programme: the cat plays 1.5 s - 4.5 s into each 6 s loop of 1 s segments, so the first clip
 * comes within seconds instead of after most of a 24 s loop), a Cat clip in the clips feed that is frame-exact against
 * the channel's known cat frames, the other feeds the dashboard shows (live origin, every label,
 * the astronaut named by the demo face gallery, health), the dashboard in a real Chromium playing
 * the clip, and no child process left after stop.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { SHARED_PROGRAMME_CACHE, SHORT_PROGRAMME, type DemoChannelOptions } from '@catfinder/demo-channel';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { frameLabel } from '@catfinder/store';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../src/index';

const CLIP_DEADLINE_MS = 90_000;
/** The short programme the other projects' live tests use, rendered once per run into the shared cache. */
const DEMO: DemoChannelOptions = {
  ...SHORT_PROGRAMME,
  // 1 s segments: a long window, so the first run's start-up (detector load) never loses segments
  windowSegments: 30,
  cacheDir: SHARED_PROGRAMME_CACHE,
};
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface FeedClip {
  id: string;
  label: string;
  status: string;
  reason?: string;
  startFrame: string;
  endFrame: string;
  frameCount: number;
  verification?: { passed: boolean };
  mp4Url?: string;
}

function childProcesses(): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, ppid, comm]) => ppid === String(process.pid) && comm !== 'ps' && pid !== undefined)
    .map(([pid, , comm]) => `${pid} ${comm}`);
}

async function readyCatClip(stack: LocalStack, deadline: number): Promise<FeedClip> {
  for (;;) {
    const response = await fetch(new URL('feeds/clips.json', stack.dashboardUrl)).catch(() => undefined);
    if (response?.ok) {
      const feed = (await response.json()) as { clips: FeedClip[] };
      const clip = feed.clips.find((c) => c.label === 'Cat' && (c.status === 'ready' || c.status === 'failed'));
      if (clip) return clip;
    }
    if (Date.now() > deadline) throw new Error(`no Cat clip in the clips feed within ${CLIP_DEADLINE_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('local stack end to end', () => {
  let stack: LocalStack;
  let dataDir: string;
  let started: number;
  const lines: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH`);
    dataDir = await mkdtemp(join(tmpdir(), 'catfinder-local-e2e-'));
    started = Date.now();
    stack = await startLocalStack({
      port: 0,
      dataDir,
      demo: DEMO,
      // One XNNPACK thread: a second one only adds CPU on the 2 cores the test runs share.
      env: { LOCAL_DETECTOR_THREADS: '1' },
      write: (line) => lines.push(line),
    });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('publishes a frame-exact Cat clip and plays it on the dashboard, then stops cleanly', async () => {
    const clip = await readyCatClip(stack, started + CLIP_DEADLINE_MS);
    expect(clip.status, `clip failed: ${clip.reason ?? ''}\n${lines.join('\n')}`).toBe('ready');

    // The clip must be exactly one occurrence of the cat scene: first and last frame, frame count.
    const demo = stack.demo!;
    const cats = demo.occurrences(started - 60_000, Date.now(), 'cat');
    const fps = demo.schedule.fps;
    const match = cats.find((o) => frameLabel(o.startMs, fps) === clip.startFrame);
    expect(
      match,
      `clip ${clip.startFrame}…${clip.endFrame} is not a cat scene: ${cats.map((o) => frameLabel(o.startMs, fps)).join(', ')}`,
    ).toBeDefined();
    expect(clip.endFrame).toBe(frameLabel(match!.lastFrameMs, fps));
    expect(clip.frameCount).toBe(match!.lastFrame - match!.firstFrame + 1);
    expect(clip.verification?.passed).toBe(true);

    // What the dashboard needs besides the clip: the live origin, every label, the demo person named, health.
    const feed = async <T>(key: string): Promise<T> =>
      (await fetch(new URL(key, stack.dashboardUrl))).json() as Promise<T>;
    expect((await feed<{ liveOrigin?: string }>('config.json')).liveOrigin).toBe(new URL(stack.hlsUrl).origin);
    expect((await feed<{ labels: { name: string }[] }>('feeds/all-labels.json')).labels.map((l) => l.name)).toEqual(
      expect.arrayContaining(['Cat', 'Person']),
    );
    expect(
      (await feed<{ celebrities: { name: string; source: string }[] }>('feeds/celebrities.json')).celebrities,
    ).toContainEqual(expect.objectContaining({ name: 'Eileen Collins', source: 'named-faces' }));
    expect(
      (await feed<{ channels: { channel: string; errorsLast10Minutes: number }[] }>('feeds/health.json')).channels,
    ).toEqual([expect.objectContaining({ channel: 'demo', errorsLast10Minutes: 0 })]);

    const browser: Browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(stack.dashboardUrl);
      const card = page.locator(`[data-clip-id="${clip.id}"]`);
      await card.waitFor({ timeout: 15_000 });
      await page.screenshot({
        path: fileURLToPath(new URL('../test-artifacts/dashboard.png', import.meta.url)),
        fullPage: true,
      });
      await card.locator('button.poster').click();
      await page.waitForFunction(
        (id) => {
          const v = document.querySelector<HTMLVideoElement>(`[data-clip-id="${id}"] video`);
          return v !== null && v.currentTime > 0.5;
        },
        clip.id,
        { timeout: 20_000 },
      );
    } finally {
      await browser.close();
    }

    await stack.stop();
    expect(childProcesses()).toEqual([]);
  }, 150_000);
});
