import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { MASTER_PLAYLIST } from './constants';
import type { FaultyOrigin } from './faults';

/** A running static server. */
export interface StaticServer {
  readonly port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
};

/**
 * Only flat file names the muxer writes: no `/`, no `..`, so nothing outside `dir` is reachable;
 * of the `.mp4` files only the fMP4 init section (the rendered `program.mp4` stays private).
 */
/** Applies an error or a stall; false when the request was answered (or abandoned) here. */
async function obeyFault(
  origin: FaultyOrigin,
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const fault = origin.intercept(name);
  if (fault === undefined) return true;
  if ('status' in fault) {
    res.writeHead(fault.status, { 'Content-Type': 'text/plain' }).end(`fault: HTTP ${fault.status}\n`);
    return false;
  }
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, fault.holdUntilMs - Date.now()));
    req.socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return !req.socket.destroyed;
}

const SAFE_NAME = /^(?:[A-Za-z0-9_-]+(\.m3u8|\.ts|\.m4s)|init(\.mp4))$/;

/**
 * True when a playlist looks completely written. This ffmpeg rewrites playlists in place
 * (truncate + write, no rename — it says "Cannot use rename on non file protocol"), so a read can
 * catch it half-way; a complete one starts with #EXTM3U, ends with a newline and its last line is
 * a URI or #EXT-X-ENDLIST.
 */
export function isCompletePlaylist(text: string): boolean {
  if (!text.startsWith('#EXTM3U') || !text.endsWith('\n')) return false;
  const lines = text.trimEnd().split('\n');
  const last = lines[lines.length - 1]?.trim() ?? '';
  return last === '#EXT-X-ENDLIST' || (last.length > 0 && !last.startsWith('#'));
}

/**
 * Serve `dir` on 127.0.0.1. Playlists are served from the last complete copy read (see
 * {@link isCompletePlaylist}) with `Cache-Control: no-cache`; segments as files.
 */
export async function startStaticServer(
  dir: string,
  port: number,
  host: string,
  origin?: FaultyOrigin,
): Promise<StaticServer> {
  const lastGood = new Map<string, Buffer>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname.slice(1));
    const match = SAFE_NAME.exec(name);
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    const ext = (match[1] ?? match[2])!;
    if (origin !== undefined && !(await obeyFault(origin, name, req, res))) return;
    const file = origin?.resolveSegment(name) ?? (origin === undefined ? name : undefined);
    let body: Buffer | undefined;
    try {
      body = file === undefined ? undefined : await readFile(join(dir, file));
    } catch {
      body = undefined;
    }
    if (ext === '.m3u8') {
      if (body && isCompletePlaylist(body.toString('utf8'))) lastGood.set(name, body);
      else body = lastGood.get(name);
      if (body && origin !== undefined && name !== MASTER_PLAYLIST)
        body = Buffer.from(origin.rewrite(body.toString('utf8')));
    }
    if (!body) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${name}\n`);
      return;
    }
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': ext === '.m3u8' ? 'no-cache' : 'max-age=60',
      'Access-Control-Allow-Origin': '*',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
