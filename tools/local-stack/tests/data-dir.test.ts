/**
 * The data folder and the port are checked before anything is created: a folder that cannot exist
 * (under /proc, where Node's recursive mkdir never returns), a file, an empty --data-dir and a port
 * in use each fail at once with one line, as a flag mistake (FlagValueError: exit 2 in the CLI),
 * and leave nothing behind.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionsFromArgs, SEE_HELP } from '../src/cli-options';
import { checkDataDir, createDataDir } from '../src/data-dir';
import { checkNotLocked, LOCK_FILE } from '../src/data-lock';
import { FlagValueError, LocalStackError } from '../src/errors';
import { messageOf } from './helpers/message-of';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

let dir: string;
let busy: Server;
let busyPort: number;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'data-dir-'));
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => busy.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

function runCli(args: readonly string[]): { status: number | null; stderr: string } {
  return spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    timeout: 30_000,
  });
}

describe('data folder checks', () => {
  it('a folder under /proc fails at once with the level that cannot be created (recursive mkdir hangs there)', async () => {
    const target = `/proc/catfinder-test-${process.pid}/data`;
    for (const check of [checkDataDir, createDataDir]) {
      const error = await check(target).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FlagValueError);
      expect((error as Error).message).toBe(
        `data folder ${target} cannot be created in /proc (ENOENT); pass --data-dir <folder>`,
      );
    }
  }, 10_000);

  it('the check changes nothing; the creation makes every missing level', async () => {
    const target = join(dir, 'a', 'b', 'c');
    expect(await checkDataDir(target)).toEqual([join(dir, 'a'), join(dir, 'a', 'b'), target]);
    expect(await readdir(dir)).toEqual([]); // no probe, no level left behind
    expect(await createDataDir(target)).toBe(target);
    expect(existsSync(target)).toBe(true);
    expect(await checkDataDir(target)).toEqual([]);
    expect(await readdir(target)).toEqual([]);
    await rm(join(dir, 'a'), { recursive: true });
  });

  it('--data-dir "" is refused instead of meaning the current folder', () => {
    expect(messageOf(() => optionsFromArgs(['--data-dir', '']))).toBe('--data-dir "" must name a folder');
    expect(optionsFromArgs(['--data-dir', 'x']).dataDir).toBe('x');
  });

  it('--data-dir <a file>: one line and the pointer to --help, exit 2, as any other flag mistake', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    const run = runCli(['--data-dir', file]);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toBe(`data folder ${file} is a file, not a folder; pass --data-dir <folder>\n${SEE_HELP}\n`);
  });
});

describe('the port is checked before the data folder is created', () => {
  it('a port in use: one FlagValueError naming it, and no data folder', async () => {
    const dataDir = join(dir, 'never-created-port');
    const { startLocalStack } = await import('../src/stack');
    const error = await startLocalStack({ port: busyPort, dataDir, write: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlagValueError);
    expect((error as Error).message).toBe(
      `port ${busyPort} on 127.0.0.1 is not available (EADDRINUSE); pass --port <n>`,
    );
    expect(existsSync(dataDir)).toBe(false);
  });

  it('a data folder held by a live stack is named as such, not as the port that stack holds', async () => {
    const dataDir = join(dir, 'held');
    await mkdir(dataDir);
    // the test runner's parent is a live process of this host: a lock it holds is live
    const holder = { pid: process.ppid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' };
    await writeFile(join(dataDir, LOCK_FILE), JSON.stringify(holder));
    const held = `data folder ${dataDir} is in use by another CatFinder stack (pid ${process.ppid}, started ${holder.startedAt}); stop that one or pass --data-dir <other folder>`;
    await expect(checkNotLocked(dataDir)).rejects.toThrow(new LocalStackError(held));
    const { startLocalStack } = await import('../src/stack');
    const error = await startLocalStack({ port: busyPort, dataDir, write: () => undefined }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(FlagValueError);
    expect((error as Error).message).toBe(held);
  });

  it('the CLI: a port in use is a flag mistake, exit 2, one line and the pointer, no data folder', () => {
    const dataDir = join(dir, 'never-created-cli');
    const run = runCli(['--port', String(busyPort), '--data-dir', dataDir]);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toBe(
      `port ${busyPort} on 127.0.0.1 is not available (EADDRINUSE); pass --port <n>\n${SEE_HELP}\n`,
    );
    expect(existsSync(dataDir)).toBe(false);
  });
});
