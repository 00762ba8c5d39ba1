import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** A scripted HTTP origin on 127.0.0.1 (port 0): path → handler, with a log of requested paths. */
export interface Origin {
  readonly base: string;
  readonly host: string;
  readonly requests: string[];
  route(path: string, handler: Handler): void;
  close(): Promise<void>;
}

export async function startOrigin(): Promise<Origin> {
  const routes = new Map<string, Handler>();
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const handler = routes.get(path);
    if (!handler) {
      res.writeHead(404).end('no route');
      return;
    }
    Promise.resolve(handler(req, res)).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    route: (path, handler) => void routes.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Handler answering with `body` (string or bytes) and status 200. */
export function text(body: string | Uint8Array, status = 200, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, headers).end(body);
  };
}

/** Handler that answers each request with the next scripted handler (the last one repeats). */
export function sequence(...handlers: Handler[]): Handler {
  let i = 0;
  return (req, res) => handlers[Math.min(i++, handlers.length - 1)]!(req, res);
}

/** Handler that waits `ms` before delegating. */
export function slow(ms: number, then: Handler): Handler {
  return (req, res) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        if (!res.destroyed) void Promise.resolve(then(req, res)).finally(resolve);
        else resolve();
      }, ms);
      res.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
}

export function redirect(location: string, status = 302): Handler {
  return (_req, res) => {
    res.writeHead(status, { Location: location }).end();
  };
}

/** A live media playlist text (PDT on every segment; `sequence` of the first one). */
export function livePlaylist(opts: {
  sequence: number;
  count: number;
  startMs?: number;
  duration?: number;
  endList?: boolean;
  discontinuityAt?: number;
  prefix?: string;
  pdt?: boolean;
}): string {
  const duration = opts.duration ?? 2;
  const start = opts.startMs ?? Date.UTC(2026, 0, 1);
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:6',
    `#EXT-X-TARGETDURATION:${Math.ceil(duration)}`,
    `#EXT-X-MEDIA-SEQUENCE:${opts.sequence}`,
  ];
  for (let i = 0; i < opts.count; i++) {
    const seq = opts.sequence + i;
    if (opts.discontinuityAt === seq) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXTINF:${duration.toFixed(6)},`);
    if (opts.pdt !== false)
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(start + seq * duration * 1000).toISOString()}`);
    lines.push(`${opts.prefix ?? ''}seg_${seq}.ts`);
  }
  if (opts.endList) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}
