/**
 * An HTTP proxy in front of the demo channel that injects origin faults on request: playlist
 * 500s for a while, a segment that 404s, a segment whose body is cut off mid-transfer.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultPlan {
  /** Playlist requests answer 500 while this returns true. */
  playlistDown?: () => boolean;
  /** Decides the fate of the n-th distinct segment requested (1-based). */
  segment?: (n: number, path: string) => 'ok' | '404' | 'truncate';
}

export interface FaultProxy {
  /** Same path layout as the origin, on the proxy's port. */
  url(originUrl: string): string;
  readonly log: { path: string; status: number | 'truncated' }[];
  /** Paths of segments that got each fault. */
  readonly faulted: Map<string, '404' | 'truncate'>;
  stop(): Promise<void>;
}

export async function startFaultProxy(origin: string, plan: FaultPlan): Promise<FaultProxy> {
  const target = new URL(origin);
  const log: FaultProxy['log'] = [];
  const order = new Map<string, number>();
  const faulted = new Map<string, '404' | 'truncate'>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    if (path.endsWith('.m3u8') && plan.playlistDown?.()) {
      log.push({ path, status: 500 });
      res.writeHead(500).end('injected outage');
      return;
    }
    if (path.endsWith('.ts')) {
      if (!order.has(path)) order.set(path, order.size + 1);
      const fate = plan.segment?.(order.get(path)!, path) ?? 'ok';
      if (fate === '404') {
        faulted.set(path, '404');
        log.push({ path, status: 404 });
        res.writeHead(404).end('injected 404');
        return;
      }
      if (fate === 'truncate') faulted.set(path, 'truncate');
    }
    const upstream = request(
      { host: target.hostname, port: target.port, path, method: 'GET', headers: { ...req.headers, host: target.host } },
      (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const body = Buffer.concat(chunks);
          const headers = { ...up.headers, 'content-length': String(body.length) };
          if (faulted.get(path) === 'truncate') {
            // Promise the whole body, send a third of it, then drop the connection.
            log.push({ path, status: 'truncated' });
            res.writeHead(up.statusCode ?? 200, headers);
            res.write(body.subarray(0, Math.floor(body.length / 3)), () => res.destroy());
            return;
          }
          log.push({ path, status: up.statusCode ?? 0 });
          res.writeHead(up.statusCode ?? 502, headers).end(body);
        });
      },
    );
    upstream.on('error', (e) => res.writeHead(502).end(String(e)));
    upstream.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (originUrl) => {
      const u = new URL(originUrl);
      u.port = String(port);
      return u.toString();
    },
    log,
    faulted,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
