/**
 * A small static HTTP server on 127.0.0.1 for the built site, with an in-memory overlay for the
 * feeds (so a test can change them between polls) and byte-range support (browsers stream MP4
 * with Range requests).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.mp4': 'video/mp4',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.svg': 'image/svg+xml',
};

export interface SiteServer {
  /** Base URL ending in `/`. */
  url: string;
  /** Puts (or replaces) a file in the overlay; `undefined` removes it (→ 404 unless on disk). */
  setFile(path: string, body: string | Buffer | undefined): void;
  /** Paths requested so far (for assertions on polling). */
  requests: string[];
  stop(): Promise<void>;
}

export interface SiteServerOptions {
  /** Directories searched in order for paths not in the overlay. */
  roots: string[];
}

function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function sendBuffer(req: IncomingMessage, res: ServerResponse, body: Buffer, type: string): void {
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'max-age=5' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
  const size = (await stat(file)).size;
  const headers = { 'Content-Type': contentType(file), 'Accept-Ranges': 'bytes' };
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range && (range[1] || range[2])) {
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size || start > end) {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
      return;
    }
    res.writeHead(206, {
      ...headers,
      'Content-Range': `bytes ${start}-${end}/${size}`,
      'Content-Length': end - start + 1,
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file, { start, end }).pipe(res);
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': size });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

export async function startSiteServer(options: SiteServerOptions): Promise<SiteServer> {
  const overlay = new Map<string, Buffer>();
  const requests: string[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const path =
        decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname).replace(/^\/+/, '') || 'index.html';
      requests.push(path);
      const inMemory = overlay.get(path);
      if (inMemory) return sendBuffer(req, res, inMemory, contentType(path));
      const safe = normalize(path);
      if (safe.startsWith('..') || safe.includes(`..${sep}`)) return void res.writeHead(400).end();
      for (const root of options.roots) {
        const file = join(root, safe);
        const info = await stat(file).catch(() => undefined);
        if (info?.isFile()) return sendFile(req, res, file);
      }
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    setFile(path, body) {
      if (body === undefined) overlay.delete(path);
      else overlay.set(path, Buffer.isBuffer(body) ? body : Buffer.from(body));
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
