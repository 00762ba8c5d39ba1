/**
 * createHlsSource against a real HTTP origin on 127.0.0.1 (node:http): where it starts (START),
 * how far behind live it may fall (MAX_LAG_SECONDS), the follower's gap reasons and epochs as the
 * run sees them, and segments streamed to a file (an fMP4 init section in front).
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readParseConfig } from '../../src/config';
import { createHlsSource } from '../../src/hls-source';
import { createParseClients, createParseDeps } from '../../src/wiring';
import type { LiveEvent } from '../../src/ports';
import { NAMES_ENV } from '../helpers/parse-env';

let server: Server;
let base: string;
let dir: string;
/** What the origin serves now, by path. */
const files = new Map<string, string | Buffer>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hls-source-live-'));
  server = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

/** A live media playlist of 2 s segments `first..last`, dated from 2026-12-06T00:00:00Z + first·2 s. */
function playlist(first: number, last: number, opts: { name?: string; gaps?: number[]; map?: string } = {}): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-TARGETDURATION:2', `#EXT-X-MEDIA-SEQUENCE:${first}`];
  if (opts.map) lines.push(`#EXT-X-MAP:URI="${opts.map}"`);
  lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(Date.UTC(2026, 11, 6) + first * 2000).toISOString()}`);
  for (let seq = first; seq <= last; seq++) {
    if (opts.gaps?.includes(seq)) lines.push('#EXT-X-GAP');
    lines.push('#EXTINF:2.000,', `${opts.name ?? 'seg'}${seq}.${opts.map ? 'm4s' : 'ts'}`);
  }
  return `${lines.join('\n')}\n`;
}

const gaps = (events: readonly LiveEvent[]) =>
  events
    .filter((e) => e.type === 'gap')
    .map((e) => e.type === 'gap' && [e.reason, e.fromSequence, e.toSequence, e.epoch]);
/** Never aborted; polls wait up to 3 s for the reload interval (half a target duration) to pass. */
const NO_WAIT = new AbortController().signal;

describe('createHlsSource on a live origin', () => {
  it('starts at the live edge by default: the older segments are one behind-live gap', async () => {
    files.set('/a.m3u8', playlist(0, 99));
    const source = createHlsSource({ url: `${base}/a.m3u8`, allowedHosts: [] });
    const polled = await source.poll(3000, NO_WAIT);
    // Hold-back 3 target durations (6 s): "end − 6 s" = 194 s, the start of segment 97.
    expect(polled.segments.map((s) => s.mediaSequence)).toEqual([97, 98, 99]);
    expect(gaps(polled.events)).toEqual([['behind-live', 0, 96, 0]]);
  });

  it('reads the whole window with start "window"', async () => {
    files.set('/b.m3u8', playlist(0, 99));
    const source = createHlsSource({ url: `${base}/b.m3u8`, allowedHosts: [], start: 'window' });
    const polled = await source.poll(3000, NO_WAIT);
    expect(polled.segments).toHaveLength(100);
    expect(polled.events).toEqual([]);
  });

  it('skips to the live edge past maxLagSeconds behind, recording the skipped range as behind-live', async () => {
    files.set('/c.m3u8', playlist(0, 99));
    const resumed = { lastMediaSequence: 9 };
    const near = await createHlsSource({
      url: `${base}/c.m3u8`,
      allowedHosts: [],
      state: resumed,
      maxLagSeconds: 200,
    }).poll(3000, NO_WAIT);
    expect(near.segments.map((s) => s.mediaSequence)[0]).toBe(10);
    const far = await createHlsSource({
      url: `${base}/c.m3u8`,
      allowedHosts: [],
      state: resumed,
      maxLagSeconds: 30,
    }).poll(3000, NO_WAIT);
    expect(far.segments.map((s) => s.mediaSequence)).toEqual([97, 98, 99]);
    expect(gaps(far.events)).toEqual([['behind-live', 10, 96, 0]]);
  });

  it('reloads once the reload delay is slept, even when the timer fires a moment before the clock says so', async () => {
    files.set('/early.m3u8', playlist(0, 5));
    const source = createHlsSource({ url: `${base}/early.m3u8`, allowedHosts: [], start: 'window' });
    await source.poll(3000, NO_WAIT);
    files.set('/early.m3u8', playlist(0, 6));
    // After the poll's first clock reading, the clock reads 5 ms behind: as if its timer fired early.
    const realNow = Date.now.bind(Date);
    let readings = 0;
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => realNow() - (readings++ === 0 ? 0 : 5));
    try {
      const second = await source.poll(3000, NO_WAIT);
      expect(second.segments.map((s) => s.mediaSequence)).toEqual([6]);
    } finally {
      clock.mockRestore();
    }
  });

  it('reports EXT-X-GAP segments as gap-tag gaps and never delivers them; a left-window range as left-window', async () => {
    files.set('/d.m3u8', playlist(0, 5, { gaps: [2, 3] }));
    const source = createHlsSource({ url: `${base}/d.m3u8`, allowedHosts: [], start: 'window' });
    const first = await source.poll(3000, NO_WAIT);
    expect(first.segments.map((s) => s.mediaSequence)).toEqual([0, 1, 4, 5]);
    expect(gaps(first.events)).toEqual([['gap-tag', 2, 3, 0]]);
    files.set('/d.m3u8', playlist(9, 12));
    const second = await source.poll(3000, NO_WAIT);
    expect(gaps(second.events)).toEqual([['left-window', 6, 8, 0]]);
  });

  it('is wired from the configuration: START and MAX_LAG_SECONDS reach the follower', async () => {
    files.set('/w.m3u8', playlist(0, 99));
    const env = {
      CHANNEL_ID: 'wired',
      HLS_URL: `${base}/w.m3u8`,
      ...NAMES_ENV,
    };
    const open = (extra: Record<string, string>, state?: { lastMediaSequence: number }) =>
      createParseDeps(readParseConfig({ ...env, ...extra }), {
        clients: createParseClients(),
        logger: { info() {}, warn() {}, error() {} },
      }).openSource(state);
    expect((await open({}).poll(3000, NO_WAIT)).segments).toHaveLength(3);
    expect((await open({ START: 'window' }).poll(3000, NO_WAIT)).segments).toHaveLength(100);
    expect(
      (await open({ MAX_LAG_SECONDS: '300' }, { lastMediaSequence: 9 }).poll(3000, NO_WAIT)).segments,
    ).toHaveLength(90);
    expect(gaps((await open({ MAX_LAG_SECONDS: '30' }, { lastMediaSequence: 9 }).poll(3000, NO_WAIT)).events)).toEqual([
      ['behind-live', 10, 96, 0],
    ]);
  });

  it('gives a restarted encoder a new epoch: its segments and the reset carry it, and the saved state keeps it', async () => {
    files.set('/e.m3u8', playlist(5, 9));
    const source = createHlsSource({ url: `${base}/e.m3u8`, allowedHosts: [], start: 'window' });
    expect((await source.poll(3000, NO_WAIT)).segments.map((s) => s.epoch)).toEqual([0, 0, 0, 0, 0]);
    files.set('/e.m3u8', playlist(0, 2, { name: 'restart' }));
    const after = await source.poll(3000, NO_WAIT);
    expect(after.events.filter((e) => e.type === 'reset')).toMatchObject([{ type: 'reset', epoch: 1, newEpoch: true }]);
    expect(after.segments.map((s) => [s.mediaSequence, s.epoch])).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
    expect(source.stateAfter(2).epoch).toBe(1);
    // A later run resumes in epoch 1 (the cursor holds the source's state).
    const resumed = createHlsSource({ url: `${base}/e.m3u8`, allowedHosts: [], state: source.stateAfter(2) });
    files.set('/e.m3u8', playlist(0, 3, { name: 'restart' }));
    expect((await resumed.poll(3000, NO_WAIT)).segments.map((s) => [s.mediaSequence, s.epoch])).toEqual([[3, 1]]);
  });

  it('resumes a run that handled nothing of a new timeline at its first segment (a reset at the end of a run loses nothing)', async () => {
    files.set('/r.m3u8', playlist(20, 29));
    const source = createHlsSource({ url: `${base}/r.m3u8`, allowedHosts: [], start: 'window' });
    await source.poll(3000, NO_WAIT);
    files.set('/r.m3u8', playlist(0, 5, { name: 'again' }));
    const after = await source.poll(3000, NO_WAIT);
    expect(after.segments.map((s) => [s.mediaSequence, s.epoch])[0]).toEqual([0, 1]);
    // The run saw the reset (forgot its last sequence) and stopped before handling segment 0.
    const saved = source.stateAfter(undefined);
    expect(saved.epoch).toBe(1);
    files.set('/r.m3u8', playlist(0, 7, { name: 'again' }));
    const next = await createHlsSource({ url: `${base}/r.m3u8`, allowedHosts: [], state: saved }).poll(3000, NO_WAIT);
    expect(next.segments.map((s) => [s.mediaSequence, s.epoch])).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((n) => [n, 1]));
    expect(gaps(next.events)).toEqual([]);
  });

  it('streams a segment to the given file, and an fMP4 one with its init section in front', async () => {
    files.set('/f.m3u8', playlist(0, 1));
    files.set('/seg0.ts', Buffer.alloc(64 * 1024, 7));
    const ts = createHlsSource({ url: `${base}/f.m3u8`, allowedHosts: [], start: 'window' });
    const [seg0] = (await ts.poll(3000, NO_WAIT)).segments;
    await ts.fetchSegment(seg0!, join(dir, 'seg0.ts'), NO_WAIT);
    expect(await readFile(join(dir, 'seg0.ts'))).toEqual(Buffer.alloc(64 * 1024, 7));

    files.set('/g.m3u8', playlist(0, 0, { map: 'init.mp4', name: 'frag' }));
    files.set('/init.mp4', Buffer.from('INIT'));
    files.set('/frag0.m4s', Buffer.from('MEDIA'));
    const fmp4 = createHlsSource({ url: `${base}/g.m3u8`, allowedHosts: [], start: 'window' });
    const [frag] = (await fmp4.poll(3000, NO_WAIT)).segments;
    await fmp4.fetchSegment(frag!, join(dir, 'frag0.m4s'), NO_WAIT);
    expect((await readFile(join(dir, 'frag0.m4s'))).toString()).toBe('INITMEDIA');
  });

  it('leaves no file behind when a segment cannot be fetched', async () => {
    files.set('/h.m3u8', playlist(0, 0, { name: 'missing' }));
    const source = createHlsSource({ url: `${base}/h.m3u8`, allowedHosts: [], start: 'window', timeoutMs: 2000 });
    const [seg] = (await source.poll(3000, NO_WAIT)).segments;
    await expect(source.fetchSegment(seg!, join(dir, 'missing0.ts'), NO_WAIT)).rejects.toThrow(/404/);
    await expect(readFile(join(dir, 'missing0.ts'))).rejects.toThrow(/ENOENT/);
  });
});
