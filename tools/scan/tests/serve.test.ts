/** `scan --serve`: the output folder answers first, the built dashboard second, nothing outside either. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseCli, SCAN_DASHBOARD_CONFIG, ScanUsageError, serveResult } from '../src';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'scan-serve-'));
  await mkdir(join(root, 'out/feeds'), { recursive: true });
  await mkdir(join(root, 'site'), { recursive: true });
  await writeFile(join(root, 'out/feeds/clips.json'), '{"version":1,"clips":[]}');
  await writeFile(join(root, 'site/index.html'), '<title>dashboard</title>');
  await writeFile(join(root, 'secret.txt'), 'no');
});
afterAll(() => rm(root, { recursive: true, force: true }));

it('serves the scan output and the dashboard from one 127.0.0.1 origin', async () => {
  const server = await serveResult({ outDir: join(root, 'out'), siteDir: join(root, 'site') });
  try {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await (await fetch(server.url)).text()).toContain('dashboard');
    const feed = await fetch(`${server.url}feeds/clips.json`);
    expect(feed.headers.get('content-type')).toBe('application/json');
    expect(await feed.json()).toEqual({ version: 1, clips: [] });
    expect((await fetch(`${server.url}..%2Fsecret.txt`)).status).toBe(400);
    expect((await fetch(`${server.url}nothing.js`)).status).toBe(404);
  } finally {
    await server.close();
  }
});

it('refuses a folder that is not a scan output, and a missing dashboard build', async () => {
  await expect(serveResult({ outDir: join(root, 'site'), siteDir: join(root, 'site') })).rejects.toThrow(
    /is not a scan output folder/,
  );
  await expect(serveResult({ outDir: join(root, 'out'), siteDir: join(root, 'out') })).rejects.toThrow(ScanUsageError);
  expect(parseCli(['--serve', 'scan-x'])).toEqual({ serve: 'scan-x', port: 4700 });
});

it("answers the dashboard's config.json (no 404) with a slow poll, unless a folder has its own", async () => {
  const server = await serveResult({ outDir: join(root, 'out'), siteDir: join(root, 'site') });
  try {
    const config = await fetch(`${server.url}config.json`);
    expect(config.status).toBe(200);
    expect(config.headers.get('content-type')).toBe('application/json');
    expect(await config.json()).toEqual({ pollIntervalMs: 60_000, pipeline: false });
    expect(SCAN_DASHBOARD_CONFIG.pollIntervalMs).toBe(60_000);
    await writeFile(join(root, 'site/config.json'), '{"pollIntervalMs":5000}');
    expect(await (await fetch(`${server.url}config.json`)).json()).toEqual({ pollIntervalMs: 5000 });
  } finally {
    await rm(join(root, 'site/config.json'), { force: true });
    await server.close();
  }
});

it('a --port already in use is one usage error naming the port, not a stack trace', async () => {
  const first = await serveResult({ outDir: join(root, 'out'), siteDir: join(root, 'site') });
  const port = Number(new URL(first.url).port);
  try {
    const error = await serveResult({ outDir: join(root, 'out'), siteDir: join(root, 'site'), port }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ScanUsageError);
    expect((error as Error).message).toBe(
      `scan: --port ${port}: 127.0.0.1:${port} is not available (EADDRINUSE); pass another --port`,
    );
  } finally {
    await first.close();
  }
});
