/**
 * Start-up check of `--hls-url` against a hostile origin on 127.0.0.1: it must go through the
 * follower's guarded fetch (host policy on every redirect, size cap, timeout) and end in one
 * LocalStackError naming the URL and what was wrong — never a raw error, never an unbounded read.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStackError } from '../src/errors';
import { checkHlsUrl } from '../src/preflight';

const PLAYLIST = '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nseg_0.ts\n';
const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

describe('--hls-url start-up check against a hostile origin', () => {
  let server: Server;
  let base: string;
  let internalHits = 0;
  let endlessBytesSent = 0;
  const open = new Set<import('node:net').Socket>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/ok.m3u8') return void res.end(PLAYLIST);
      if (path === '/internal.m3u8') {
        internalHits++;
        return void res.end(PLAYLIST);
      }
      // Another host than the channel's (localhost vs 127.0.0.1): stands for an internal service.
      if (path === '/redirect.m3u8')
        return void res
          .writeHead(302, { location: `http://localhost:${(server.address() as AddressInfo).port}/internal.m3u8` })
          .end();
      if (path === '/missing.m3u8') return void res.writeHead(404).end('no');
      if (path === '/page.html')
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>hi</body></html>');
      if (path === '/stall.m3u8')
        return void res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).write('#EXTM3U\n');
      if (path === '/endless.m3u8') {
        res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' });
        const chunk = Buffer.alloc(64 * 1024, '#\n');
        const pump = (): void => {
          while (!res.destroyed && endlessBytesSent < 2 * 1024 ** 3) {
            endlessBytesSent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
        };
        return pump();
      }
      res.writeHead(404).end();
    });
    server.on('connection', (socket) => {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const socket of open) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const failure = async (path: string, options: Parameters<typeof checkHlsUrl>[1] = {}): Promise<LocalStackError> => {
    const error = await checkHlsUrl(`${base}${path}`, options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LocalStackError);
    expect((error as Error).message).toContain(`--hls-url ${base}${path}`);
    expect((error as Error).message).not.toContain('\n');
    return error as LocalStackError;
  };

  it('accepts a playlist', async () => {
    await expect(checkHlsUrl(`${base}/ok.m3u8`)).resolves.toBeUndefined();
  });

  it('refuses a redirect to another host without fetching it', async () => {
    const error = await failure('/redirect.m3u8');
    expect(error.message).toMatch(/redirect.*localhost:\d+.*not allowed/);
    expect(internalHits).toBe(0);
  });

  it('follows that redirect when the host is allowed, as the follower would (ALLOWED_HOSTS)', async () => {
    const port = (server.address() as AddressInfo).port;
    await expect(
      checkHlsUrl(`${base}/redirect.m3u8`, { allowedHosts: [`localhost:${port}`] }),
    ).resolves.toBeUndefined();
    expect(internalHits).toBe(1);
  });

  it('stops reading an endless body at the playlist size cap, with bounded memory', async () => {
    const rssBefore = process.memoryUsage().rss;
    const error = await failure('/endless.m3u8', { maxBytes: 4 * 1024 * 1024 });
    expect(error.message).toMatch(/larger than 4 MiB/);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(96 * 1024 * 1024);
    expect(endlessBytesSent).toBeLessThan(256 * 1024 * 1024);
  });

  it('gives up on an origin that stops sending, with a timeout message', async () => {
    const error = await failure('/stall.m3u8', { timeoutMs: 300 });
    expect(error.message).toMatch(/no complete answer within 0\.3 s/);
  });

  it('names the HTTP status of a 404', async () => {
    expect((await failure('/missing.m3u8')).message).toMatch(/HTTP 404/);
  });

  it('says so when the answer is not a playlist', async () => {
    expect((await failure('/page.html')).message).toMatch(/not an HLS playlist/);
  });

  it('the CLI prints the one message and exits 1 (no stack trace)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'catfinder-preflight-cli-'));
    // NODE_NO_WARNINGS: the AWS SDK's own notice about Node 20 is not ours to test.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI, '--port', '0', '--data-dir', dataDir, '--hls-url', `${base}/redirect.m3u8`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_NO_WARNINGS: '1' },
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    await rm(dataDir, { recursive: true, force: true });
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^--hls-url http:\/\/127\.0\.0\.1:\d+\/redirect\.m3u8: .*not allowed/);
  }, 30_000);
});
