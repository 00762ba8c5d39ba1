/**
 * A local stand-in for an Elemental Delta server (node:http on 127.0.0.1, port 0). It checks
 * every request's auth headers the way Delta does, keeps contents and their filters in memory,
 * answers with Delta-shaped XML, and can be told to fail (HTTP error, bad XML, slow answer).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';

const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');
const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

interface StoredFilter {
  id: number;
  type: string;
  label: string;
  settings: Record<string, string>;
  children: StoredFilter[];
}

export type Fault =
  | { kind: 'status'; status: number; body: string }
  | { kind: 'body'; body: string }
  | { kind: 'delay'; ms: number }
  /** Answer normally (lets a fault target a later request). */
  | { kind: 'none' };

export interface FakeDelta {
  url: string;
  user: string;
  apiKey: string;
  requests: RecordedRequest[];
  /** Faults applied to the next requests, in order, one each. */
  faults: Fault[];
  addContent(name: string): number;
  removeContent(id: number): void;
  stop(): Promise<void>;
}

function filterXml(f: StoredFilter, contentId: number, indent: string): string {
  const settings = Object.entries(f.settings)
    .map(([k, v]) => `${indent}    <${k}>${escapeXml(v)}</${k}>\n`)
    .join('');
  const ext = f.type === 'mp4_package' ? 'mp4' : f.type === 'hls_package' ? 'm3u8' : undefined;
  const endpoint = ext
    ? `${indent}  <endpoint>true</endpoint>\n${indent}  <endpoint_uri>/out/content/${contentId}/${f.id}/${escapeXml(encodeURIComponent(f.label))}.${ext}</endpoint_uri>\n`
    : '';
  const children = f.children.length
    ? `${indent}  <children>\n${f.children.map((c) => filterXml(c, contentId, `${indent}    `)).join('')}${indent}  </children>\n`
    : '';
  return (
    `${indent}<filter>\n${indent}  <id>${f.id}</id>\n${indent}  <filter_type>${f.type}</filter_type>\n` +
    `${indent}  <label>${escapeXml(f.label)}</label>\n${endpoint}` +
    (settings ? `${indent}  <filter_settings>\n${settings}${indent}  </filter_settings>\n` : '') +
    `${children}${indent}</filter>\n`
  );
}

/** How the fake answers a GET of a package endpoint (`/out/…`): bytes, an HTTP error, or late. */
export interface MediaAnswer {
  status?: number;
  body: Uint8Array | string;
  delayMs?: number;
}

export async function startFakeDelta(
  options: { user?: string; apiKey?: string; media?: (path: string) => MediaAnswer | undefined } = {},
): Promise<FakeDelta> {
  const user = options.user ?? 'catfinder';
  const apiKey = options.apiKey ?? 'k3y&"<secret>';
  const contents = new Map<number, { id: number; name: string; filters: StoredFilter[] }>();
  let nextId = 1;
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'filter' });

  const contentXml = (c: { id: number; name: string; filters: StoredFilter[] }, indent = ''): string =>
    `${indent}<content>\n${indent}  <id>${c.id}</id>\n${indent}  <name>${escapeXml(c.name)}</name>\n${indent}  <input_type>live</input_type>\n` +
    `${indent}  <filters>\n${c.filters.map((f) => filterXml(f, c.id, `${indent}    `)).join('')}${indent}  </filters>\n${indent}</content>\n`;
  const error = (status: number, message: string): [number, string] => [
    status,
    `<?xml version="1.0" encoding="UTF-8"?>\n<errors>\n  <error>${escapeXml(message)}</error>\n</errors>\n`,
  ];

  const toFilter = (node: Record<string, unknown>): StoredFilter => {
    const children = ((node.children as { filter?: Record<string, unknown>[] } | undefined)?.filter ?? []).map(
      toFilter,
    );
    return {
      id: nextId++,
      type: String(node.filter_type ?? ''),
      label: String(node.label ?? ''),
      settings: (node.filter_settings as Record<string, string> | undefined) ?? {},
      children,
    };
  };

  const handle = (
    method: string,
    path: string,
    headers: IncomingMessage['headers'],
    body: string,
  ): [number, string] => {
    const apiAt = path.indexOf('/api/');
    if (apiAt < 0) return error(404, `no route ${path}`);
    const signed = path.slice(apiAt + 4);
    const expires = String(headers['x-auth-expires'] ?? '');
    if (headers['x-auth-user'] !== user) return error(401, 'unknown user');
    if (!/^\d+$/.test(expires) || Number(expires) * 1000 < Date.now()) return error(401, 'auth expired');
    if (headers['x-auth-key'] !== md5(apiKey + md5(signed + user + apiKey + expires)))
      return error(401, 'invalid X-Auth-Key');
    if (method === 'GET' && signed === '/contents') {
      const list = [...contents.values()].map((c) => contentXml(c, '  ')).join('');
      return [200, `<?xml version="1.0" encoding="UTF-8"?>\n<contents>\n${list}</contents>\n`];
    }
    const match = /^\/contents\/(\d+)$/.exec(signed);
    const content = match ? contents.get(Number(match[1])) : undefined;
    if (!content) return error(404, `Content not found: ${signed}`);
    if (method === 'GET') return [200, `<?xml version="1.0" encoding="UTF-8"?>\n${contentXml(content)}`];
    if (method === 'PUT') {
      if (!String(headers['content-type'] ?? '').includes('xml')) return error(415, 'expected application/xml');
      const doc = parser.parse(body) as { content?: { filters?: { filter?: Record<string, unknown>[] } } };
      const added = (doc.content?.filters?.filter ?? []).map(toFilter);
      for (const f of added) {
        if (f.type === 'live_to_vod') {
          const s = f.settings;
          if (!s.start_time || !s.end_time || !s.start_frame || !s.end_frame)
            return error(422, 'live_to_vod needs start_time, end_time, start_frame and end_frame');
          if (Date.parse(s.end_time) < Date.parse(s.start_time))
            return error(422, 'Validation failed: end_time must be after start_time');
        }
      }
      content.filters.push(...added);
      return [200, `<?xml version="1.0" encoding="UTF-8"?>\n${contentXml(content)}`];
    }
    return error(405, `method ${method} not allowed`);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      requests.push({ method: req.method ?? '', path, headers: req.headers, body });
      const send = (status: number, text: string): void => {
        res.writeHead(status, { 'Content-Type': 'application/xml' });
        res.end(text);
      };
      const media = path.startsWith('/out/') ? options.media?.(path) : undefined;
      if (media) {
        const answer = (): void =>
          void res.writeHead(media.status ?? 200, { 'Content-Type': 'video/mp4' }).end(media.body);
        if (media.delayMs) setTimeout(answer, media.delayMs).unref();
        else answer();
        return;
      }
      const fault = faults.shift();
      if (fault?.kind === 'status') return send(fault.status, fault.body);
      if (fault?.kind === 'body') return send(200, fault.body);
      const [status, text] = handle(req.method ?? '', path, req.headers, body);
      if (fault?.kind === 'delay') setTimeout(() => send(status, text), fault.ms).unref();
      else send(status, text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    user,
    apiKey,
    requests,
    faults,
    addContent(name) {
      const id = nextId++;
      contents.set(id, { id, name, filters: [] });
      return id;
    },
    removeContent(id) {
      contents.delete(id);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
