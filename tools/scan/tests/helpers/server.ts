/** A tiny HLS origin on 127.0.0.1 for tests: static files, plus an EVENT playlist that grows. */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface TestOrigin {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `dir`. `event.m3u8` is the VOD playlist `vod` rewritten as an EVENT playlist that shows
 * one more segment every `stepMs` and its ENDLIST only after the last one; `live.m3u8` is it
 * without ENDLIST or type (a live playlist); `master.m3u8` lists `vod` as its best variant; `holey.m3u8`
 * is `vod` with segment 2 missing (404); `stuck.m3u8` an EVENT playlist that never grows nor ends.
 */
export async function startOrigin(dir: string, vod: string, stepMs = 150): Promise<TestOrigin> {
  const text = await readFile(join(dir, vod), 'utf8');
  const lines = text.split('\n');
  const head = lines.filter(
    (l) =>
      l.startsWith('#EXT') &&
      !l.startsWith('#EXTINF') &&
      !l.startsWith('#EXT-X-ENDLIST') &&
      !l.startsWith('#EXT-X-PLAYLIST-TYPE'),
  );
  const segments: string[] = [];
  lines.forEach((l, i) => {
    if (l.startsWith('#EXTINF')) segments.push(`${l}\n${lines[i + 1]}`);
  });
  const started = Date.now();
  const event = (): string => {
    const shown = Math.min(segments.length, 2 + Math.floor((Date.now() - started) / stepMs));
    return [
      ...head,
      '#EXT-X-PLAYLIST-TYPE:EVENT',
      ...segments.slice(0, shown),
      ...(shown === segments.length ? ['#EXT-X-ENDLIST'] : []),
      '',
    ].join('\n');
  };
  const server: Server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0]!.replace(/^\/+/, '');
    const send = (status: number, body: string | Buffer, type = 'application/vnd.apple.mpegurl'): void => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (name === 'event.m3u8') return send(200, event());
    if (name === 'master.m3u8')
      return send(
        200,
        `#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=640x360\n${vod}\n#EXT-X-STREAM-INF:BANDWIDTH=100000,RESOLUTION=320x180\nmissing-low.m3u8\n`,
      );
    if (name === 'holey.m3u8') return send(200, text.replace('seg_2.', 'missing_2.'));
    if (name === 'stuck.m3u8')
      return send(200, [...head, '#EXT-X-PLAYLIST-TYPE:EVENT', ...segments.slice(0, 2), ''].join('\n'));
    if (name === 'live.m3u8') return send(200, [...head, ...segments.slice(0, 3), ''].join('\n'));
    if (name.includes('..') || name.includes('/')) return send(404, 'not found', 'text/plain');
    readFile(join(dir, name)).then(
      (b) =>
        send(
          200,
          b,
          name.endsWith('.ts')
            ? 'video/mp2t'
            : name.endsWith('.m4s') || name.endsWith('.mp4')
              ? 'video/mp4'
              : 'application/vnd.apple.mpegurl',
        ),
      () => send(404, 'not found', 'text/plain'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
