/**
 * The local stack supervises what it starts: a killed stand-in is reported with its signal and
 * restarted; one that keeps dying (here: no restarts allowed) stops the stack with one message;
 * a second stack on the same data folder is refused naming the first one's pid; a data folder
 * removed while running stops the stack with one message; a nearly full disk is reported.
 * A channel with no segments keeps the handlers idle: this is about the parts, not the pipeline.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processAlive } from '../src/data-lock';
import { LocalStackError } from '../src/errors';
import { DYNAMODB_PART, S3_PART, startLocalStack, type LocalStack, type LocalStackOptions } from '../src/stack';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const PLAYLIST = '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n';

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('local stack supervision', () => {
  let root: string;
  let channel: Server;
  let base: Omit<LocalStackOptions, 'dataDir' | 'write'>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'catfinder-supervision-'));
    const webDist = join(root, 'web');
    await mkdir(webDist);
    await writeFile(join(webDist, 'index.html'), '<!doctype html><title>test</title>');
    channel = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end(PLAYLIST),
    );
    await new Promise<void>((resolve) => channel.listen(0, '127.0.0.1', resolve));
    const hlsUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}/live.m3u8`;
    base = { port: 0, hlsUrl, webDist, scheduleSeconds: 3600, dataCheckMs: 200 };
  });

  afterAll(async () => {
    await new Promise((resolve) => channel.close(resolve));
    await rm(root, { recursive: true, force: true });
  });

  describe('one running stack', () => {
    let stack: LocalStack;
    let dataDir: string;
    const lines: string[] = [];

    beforeAll(async () => {
      dataDir = join(root, 'a');
      stack = await startLocalStack({
        ...base,
        dataDir,
        write: (l) => lines.push(l),
        minFreeBytes: Number.MAX_SAFE_INTEGER,
        stallSeconds: 0.5,
      });
    }, 60_000);

    afterAll(async () => {
      await stack?.stop();
    }, 30_000);

    it('reports a nearly full disk of the data folder', async () => {
      await waitFor('the disk warning', () =>
        lines.find((l) =>
          /error \[stack\] the disk of .* has \d+ MiB free: almost full; stores will fail until space is freed/.test(l),
        ),
      );
    });

    it('says when no segment has been processed for a while (a channel with no segments)', async () => {
      const line = await waitFor('the stall report', () =>
        lines.find((l) => l.startsWith('error [stack] no segment processed for')),
      );
      expect(line).toMatch(
        /^error \[stack\] no segment processed for \d+ s \(since the stack started\); the channel or a store may be stuck/,
      );
      expect(lines.filter((l) => l.startsWith('error [stack] no segment processed'))).toHaveLength(1);
    });

    it('reports a killed DynamoDB stand-in at once with its signal and restarts it', async () => {
      const before = stack.processes().find((p) => p.name === DYNAMODB_PART)!;
      process.kill(before.pid!, 'SIGKILL');
      await waitFor('the exit report', () =>
        lines.find((l) => l.includes(`error [stack] ${DYNAMODB_PART} (pid ${before.pid}) exited: killed by SIGKILL`)),
      );
      await waitFor('the restart', () => lines.find((l) => l.includes(`warn [stack] ${DYNAMODB_PART} restarted`)));
      const after = stack.processes().find((p) => p.name === DYNAMODB_PART)!;
      expect(after.restarts).toBe(1);
      expect(after.pid).not.toBe(before.pid);
      // Serving again on the same endpoint the handlers use.
      const response = await fetch(stack.env.AWS_ENDPOINT_URL_DYNAMODB!, { method: 'POST' });
      expect(response.status).toBeGreaterThanOrEqual(400);
    }, 30_000);

    it('refuses a second stack on the same data folder, naming the pid that holds it', async () => {
      const { startedAt } = JSON.parse(await readFile(join(dataDir, 'stack.lock'), 'utf8')) as { startedAt: string };
      await expect(startLocalStack({ ...base, dataDir, write: () => undefined })).rejects.toThrow(
        new LocalStackError(
          `data folder ${dataDir} is in use by another CatFinder stack (pid ${process.pid}, started ${startedAt}); stop that one or pass --data-dir <other folder>`,
        ),
      );
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', CLI, '--data-dir', dataDir, '--port', '0', '--hls-url', base.hlsUrl!],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, NODE_NO_WARNINGS: '1' },
        },
      );
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(stderr.trim().split('\n'), stderr).toEqual([
        expect.stringMatching(
          new RegExp(`^data folder .* is in use by another CatFinder stack \\(pid ${process.pid}, `),
        ),
      ]);
    }, 30_000);

    it('stops with one message when the data folder is removed while running', async () => {
      const pids = stack.processes().map((p) => p.pid!);
      await rm(dataDir, { recursive: true, force: true });
      const error = await stack.failure;
      expect(error).toBeInstanceOf(LocalStackError);
      expect(error.message).toMatch(
        new RegExp(`^data folder ${dataDir} was removed or emptied while the stack was running`),
      );
      expect(lines.filter((l) => l.includes('was removed'))).toHaveLength(1);
      expect(pids.filter(processAlive)).toEqual([]);
      // No restart storm from the stand-ins that the stop ended.
      expect(lines.filter((l) => l.includes('restarted'))).toHaveLength(1);
    }, 30_000);
  });

  it('stops with one message when a part dies past its restart limit', async () => {
    const lines: string[] = [];
    const stack = await startLocalStack({
      ...base,
      dataDir: join(root, 'b'),
      write: (l) => lines.push(l),
      maxRestarts: 0,
    });
    try {
      const s3 = stack.processes().find((p) => p.name === S3_PART)!;
      process.kill(s3.pid!, 'SIGKILL');
      const error = await stack.failure;
      expect(error.message).toBe(
        `${S3_PART} exited (killed by SIGKILL) and its restart limit is reached (0 within 10 min); stopping the local stack`,
      );
      expect(
        stack
          .processes()
          .map((p) => p.pid)
          .filter((pid) => pid !== undefined && processAlive(pid)),
      ).toEqual([]);
    } finally {
      await stack.stop();
    }
  }, 60_000);

  it('takes over the lock of a stack that is gone', async () => {
    const dataDir = join(root, 'c');
    await mkdir(dataDir, { recursive: true });
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.once('exit', resolve));
    await writeFile(
      join(dataDir, 'stack.lock'),
      JSON.stringify({ pid: dead.pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }),
    );
    const lines: string[] = [];
    const stack = await startLocalStack({ ...base, dataDir, write: (l) => lines.push(l) });
    await stack.stop();
    expect(lines).toContain(
      `warn [stack] took over the lock of a stack that is gone (pid ${dead.pid}, started 2026-01-01T00:00:00.000Z)`,
    );
  }, 60_000);

  it('puts the process environment back as it was when it stops (a stack started and stopped in one process leaves nothing behind)', async () => {
    const before = { ...process.env };
    // one variable the stack overrides, one it adds; another stack (or test) in this process must see neither
    process.env.CHANNEL_ID = 'theirs';
    const stack = await startLocalStack({
      ...base,
      dataDir: join(root, 'env'),
      write: () => undefined,
      env: { LOCAL_DETECTOR_THREADS: '1', FACES_DIR: join(root, 'no-faces') },
    });
    try {
      // while it runs, the SDK clients and handlers see the stack's environment
      expect(process.env).toMatchObject({
        CHANNEL_ID: stack.env.CHANNEL_ID,
        HLS_URL: base.hlsUrl,
        LOCAL_DETECTOR_THREADS: '1',
      });
    } finally {
      await stack.stop();
    }
    expect(process.env).toEqual({ ...before, CHANNEL_ID: 'theirs' });
    delete process.env.CHANNEL_ID;
    expect(process.env).toEqual(before);
  }, 60_000);
});
