/**
 * `scan --serve <outDir>`: shows a scan's result on the real dashboard. The output folder is laid
 * out like the site root the dashboard is served from (`feeds/`, `clips/`, `samples/`), so a
 * static server that answers from the output folder first and from the built dashboard
 * (apps/web's `dist/`, `npx nx run web:build`) otherwise is all it takes — no store, no copy.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScanUsageError } from './errors';

/** apps/web's build output, relative to this file. */
export const DASHBOARD_DIST = fileURLToPath(new URL('../../../apps/web/dist/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.mp4': 'video/mp4',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.vtt': 'text/vtt',
  '.edl': 'text/plain',
};

/**
 * The dashboard's deploy-time `config.json` (apps/web), answered when neither folder has one: a
 * finished scan's feeds never change, so the default 10 s poll only repeats requests. Polling
 * stays on, once a minute, so a scan running (or re-run) into the served folder still shows up.
 * `pipeline: false`: no live pipeline writes `health.json` here, so the page neither asks for it
 * nor shows a red "no health report" badge.
 */
export const SCAN_DASHBOARD_CONFIG = { pollIntervalMs: 60_000, pipeline: false } as const;

export interface ResultServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function serveResult(options: { outDir: string; siteDir?: string; port?: number }): Promise<ResultServer> {
  const roots = [resolve(options.outDir), resolve(options.siteDir ?? DASHBOARD_DIST)];
  for (const [i, root] of roots.entries()) {
    const ok = await stat(join(root, i === 0 ? 'feeds/clips.json' : 'index.html')).then(
      () => true,
      () => false,
    );
    if (!ok)
      throw new ScanUsageError(
        i === 0
          ? `scan: ${root} is not a scan output folder (no feeds/clips.json)`
          : `scan: no built dashboard at ${root}; run \`npx nx run web:build\` first`,
      );
  }
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    const rel = normalize(path === '/' ? 'index.html' : path.replace(/^\/+/, ''));
    if (rel.startsWith('..') || rel.includes(`${sep}..`)) return void res.writeHead(400).end();
    void (async () => {
      for (const root of roots) {
        const file = join(root, rel);
        const info = await stat(file).catch(() => undefined);
        if (!info?.isFile()) continue;
        res.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'content-length': info.size,
          'cache-control': 'no-cache',
        });
        createReadStream(file).pipe(res);
        return;
      }
      if (rel === 'config.json') {
        res.writeHead(200, { 'content-type': TYPES['.json']!, 'cache-control': 'no-cache' });
        return void res.end(JSON.stringify(SCAN_DASHBOARD_CONFIG));
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    })();
  });
  await new Promise<void>((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new ScanUsageError(
              `scan: --port ${options.port}: 127.0.0.1:${options.port} is not available (${error.code}); pass another --port`,
              { cause: error },
            )
          : error,
      ),
    );
    server.listen(options.port ?? 0, '127.0.0.1', done);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(() => done())) };
}
