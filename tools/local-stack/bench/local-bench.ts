/**
 * `nx run local-stack:bench`: starts the stack from cold exactly as `npm start` does (a fresh
 * data folder, the CLI in its own process), waits for the first Cat clip, then stops it.
 *   cold_start_s                 spawn → the dashboard URL is printed (everything up)
 *   first_clip_after_cat_end_s   end of the clip's last frame (its absolute time + one frame)
 *                                → the ready clip is listed in the clips feed (polled every 100 ms)
 *   rss_total_mb                 peak summed RSS of the CLI process and all its descendants
 *   cpu_share                    CPU seconds of that process tree / (wall seconds × cores)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processTreeUsage } from './soak/proc-tree';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const TIMEOUT_MS = 180_000;
const CLK_TCK = 100;

const dataDir = await mkdtemp(join(tmpdir(), 'catfinder-local-bench-'));
const t0 = performance.now();
const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0', '--data-dir', dataDir], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let output = '';
let dashboardUrl: string | undefined;
let coldStartS = NaN;
child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
  output += chunk;
  const m = /dashboard: (\S+)/.exec(output);
  if (m && dashboardUrl === undefined) {
    dashboardUrl = m[1];
    coldStartS = (performance.now() - t0) / 1000;
  }
});

let peakRssKb = 0;
let lastTicks = 0;
const sampler = setInterval(() => {
  void processTreeUsage(child.pid!).then((t) => {
    peakRssKb = Math.max(peakRssKb, t.rssKb);
    lastTicks = Math.max(lastTicks, t.ticks);
  });
}, 500);

let firstClipAfterCatEndS = NaN;
try {
  const deadline = Date.now() + TIMEOUT_MS;
  while (Date.now() < deadline && Number.isNaN(firstClipAfterCatEndS)) {
    if (child.exitCode !== null) throw new Error(`the stack exited early (${child.exitCode}):\n${output}`);
    if (dashboardUrl !== undefined) {
      const res = await fetch(new URL('feeds/clips.json', dashboardUrl)).catch(() => undefined);
      if (res?.ok) {
        const feed = (await res.json()) as {
          clips: { label: string; status: string; end: string; frameCount: number; durationSeconds: number }[];
        };
        const clip = feed.clips.find((c) => c.label === 'Cat' && c.status === 'ready');
        if (clip) {
          const frameMs = (clip.durationSeconds / clip.frameCount) * 1000;
          firstClipAfterCatEndS = (Date.now() - (Date.parse(clip.end) + frameMs)) / 1000;
        }
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (Number.isNaN(firstClipAfterCatEndS)) throw new Error(`no Cat clip within ${TIMEOUT_MS / 1000} s:\n${output}`);
  const final = await processTreeUsage(child.pid!);
  lastTicks = Math.max(lastTicks, final.ticks);
} finally {
  clearInterval(sampler);
  const wallS = (performance.now() - t0) / 1000;
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  await rm(dataDir, { recursive: true, force: true });
  const cpuShare = lastTicks / CLK_TCK / (wallS * availableParallelism());
  if (!Number.isNaN(firstClipAfterCatEndS)) {
    console.log(
      `bench local: cold_start_s=${coldStartS.toFixed(2)} first_clip_after_cat_end_s=${firstClipAfterCatEndS.toFixed(2)} ` +
        `rss_total_mb=${(peakRssKb / 1024).toFixed(0)} cpu_share=${cpuShare.toFixed(2)}`,
    );
  }
}
