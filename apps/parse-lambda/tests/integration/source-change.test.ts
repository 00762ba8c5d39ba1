/**
 * A second start on the same data: the cursor's follower state was saved for a channel URL that
 * is gone (the local demo channel gets a new port at every start, or HLS_URL was changed). The
 * next run must follow the configured URL as a new timeline epoch and process its segments — not
 * stop every run with "host … is not allowed (saved media playlist URL)". Real hls source over two
 * real HTTP origins on 127.0.0.1; in-memory store and a fake segment step (no ffmpeg).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readParseConfig } from '../../src/config';
import { createHlsSource } from '../../src/hls-source';
import { runParse } from '../../src/run-parse';
import { fakeProcess, MemoryStore, recordingSink } from '../helpers/memory-ports';
import { NAMES_ENV } from '../helpers/parse-env';
import { contextUntilDone } from '../helpers/pipeline-env';

/** Each run stops once it has processed the four listed segments; this is only the guard against a hang. */
const RUN_DEADLINE_MS = 30_000;

/** A live playlist of 2 s segments `first..last` (PDT from now), each URI prefixed by `name`. */
function playlist(first: number, last: number, name: string): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-TARGETDURATION:2', `#EXT-X-MEDIA-SEQUENCE:${first}`];
  lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(Date.now() - (last - first + 1) * 2000).toISOString()}`);
  for (let seq = first; seq <= last; seq++) lines.push('#EXTINF:2.000,', `${name}${seq}.ts`);
  return `${lines.join('\n')}\n`;
}

async function origin(body: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/media.m3u8') res.writeHead(200).end(body);
    else res.writeHead(200).end(Buffer.alloc(188, 0x47)); // a segment body (the fake step does not read it)
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/media.m3u8` };
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/**
 * One parse run on `url` over `store`, as the scheduler starts it, ending (no time left) once it has
 * processed `segments` segments — a condition, not a time budget a loaded machine could miss.
 */
async function runOn(url: string, store: MemoryStore, cats: ReadonlySet<number>, segments = 4) {
  const config = readParseConfig({
    CHANNEL_ID: 'demo',
    HLS_URL: url,
    ...NAMES_ENV,
    LABELS: 'Cat:55:0:0',
    START: 'window',
  });
  const process = fakeProcess(cats);
  const logger = recordingSink();
  const summary = await runParse(
    config,
    {
      openSource: (state) => createHlsSource({ url, allowedHosts: [], start: 'window', state: state as never }),
      store,
      detector: async () => ({ detect: async () => ({ Labels: [], LabelModelVersion: 'test' }) }),
      prekog: { invoke: async () => undefined },
      logger,
      processSegment: process.fn,
    },
    contextUntilDone(() => process.inputs.length >= segments, Date.now() + RUN_DEADLINE_MS),
    { initialSegmentEstimateMs: 200, safetyMarginMs: 200, maxPollWaitMs: 300 },
  );
  return { summary, process, logger };
}

describe('a run whose saved follower state belongs to another channel URL', () => {
  let first: { server: Server; url: string };
  let second: { server: Server; url: string };
  beforeAll(async () => {
    first = await origin(playlist(0, 3, 'a'));
    second = await origin(playlist(0, 3, 'b'));
  });
  afterAll(async () => {
    await close(second.server);
  });

  it('follows the configured URL as a new timeline, processes its segments and keeps what was saved', async () => {
    const store = new MemoryStore();
    // First start: 0..3 processed, a cat on the last segment leaves an appearance open.
    const before = await runOn(first.url, store, new Set([3]));
    expect(before.process.inputs.map((i) => [i.segment.mediaSequence, i.segment.epoch])).toEqual(
      [0, 1, 2, 3].map((q) => [q, 0]),
    );
    expect(store.appearances.map((a) => a.status)).toContain('open');
    await close(first.server); // Ctrl-C: the old channel and its port are gone

    // Second start: the demo channel is on another port.
    const after = await runOn(second.url, store, new Set());
    const errors = after.logger.entries.filter((e) => e.level === 'error');
    expect(errors, JSON.stringify(errors)).toEqual([]);
    expect(after.process.inputs.map((i) => [i.segment.mediaSequence, i.segment.epoch, i.segment.uri])).toEqual(
      [0, 1, 2, 3].map((q) => [q, 1, second.url.replace('media.m3u8', `b${q}.ts`)]),
    );
    const changed = after.logger.entries.filter((e) => e.message.startsWith('channel source changed'));
    expect(changed).toHaveLength(1);
    expect(changed[0]!.extra).toMatchObject({ previousSource: first.url, source: second.url, epoch: 1 });
    expect(changed[0]!.extra?.['detail']).toBe(
      `source changed: the saved position (sequence 3) belongs to ${first.url}; following ${second.url} from sequence 0 as timeline epoch 1`,
    );
    // The open appearance of the old source is closed at the break and kept, not lost.
    expect(store.appearances.filter((a) => a.status === 'closed')).toHaveLength(1);
    // The cursor now belongs to the new source.
    expect(store.cursor?.source).toMatchObject({ sourceUrl: second.url, epoch: 1, lastMediaSequence: 3 });
  });
});
