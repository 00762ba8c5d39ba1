/**
 * Ctrl-C during start-up, as a terminal sends it (SIGINT to the whole process group: the CLI and
 * the stand-ins and ffmpeg it started), once the lock is taken and the demo channel has its
 * temporary folder: "stopping…", exit 130, and nothing left — no lock, no temporary folder, no
 * process of the stack.
 */
import { spawn } from 'node:child_process';
import { existsSync, watch } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOCK_FILE } from '../src/data-lock';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'start-interrupt-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Pids of live processes whose command line mentions `text` (the stack's parts name the test's folders). */
async function processesMentioning(text: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((p) => /^\d+$/.test(p));
  const found: number[] = [];
  for (const pid of pids) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(text)) found.push(Number(pid));
  }
  return found;
}

it('Ctrl-C before "CatFinder is running" stops what started: stopping…, exit 130, no lock, no temporary folder', async () => {
  const temp = join(dir, 'tmp');
  const dataDir = join(dir, 'data');
  await mkdir(temp);
  // The demo channel makes its folder in the child's TMPDIR: its appearance is the moment to interrupt.
  const channelFolder = new Promise<void>((resolve) => {
    const watcher = watch(temp, (_event, name) => {
      if (!String(name).startsWith('catfinder-demo-channel-')) return;
      watcher.close();
      resolve();
    });
  });
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_NO_WARNINGS: '1', TMPDIR: temp },
    detached: true, // its own process group, as a terminal's foreground job
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await channelFolder;
  expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);
  expect(stdout).not.toContain('CatFinder is running');
  process.kill(-child.pid!, 'SIGINT');
  const code = await exited;
  expect(code, stderr).toBe(130);
  expect(stdout).toContain('stopping…');
  expect(stderr).toBe('');
  expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  expect((await readdir(temp)).filter((name) => name.startsWith('catfinder-demo-channel-'))).toEqual([]);
  expect(await processesMentioning(dir)).toEqual([]);
}, 60_000);
