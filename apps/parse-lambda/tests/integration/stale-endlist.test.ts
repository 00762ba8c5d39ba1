/**
 * A packager or CDN briefly serving a stale ENDLIST copy of a live playlist is not the end of the
 * channel: the run neither closes the open appearance (`ended`) nor warns "use the scan", and it
 * carries on with the segments that follow — one presence stays one appearance (one clip). Real hls
 * source over a real HTTP origin on 127.0.0.1; in-memory store and a fake segment step (no ffmpeg).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readParseConfig } from '../../src/config';
import type { PrekogEvent } from '../../src/events';
import { createHlsSource } from '../../src/hls-source';
import { PLAYLIST_ENDED_FIELD } from '../../src/run/parse-run';
import { runParse } from '../../src/run-parse';
import { fakeProcess, MemoryStore, recordingSink } from '../helpers/memory-ports';
import { NAMES_ENV } from '../helpers/parse-env';
import { contextUntilDone } from '../helpers/pipeline-env';

/** When segment 0 starts: the same in every copy (a changed date would be another timeline). */
const START = Date.now() - 10_000;

/** A playlist of 1 s segments `0..last` from START, live or with ENDLIST. */
function playlist(last: number, endList: boolean): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-TARGETDURATION:1', '#EXT-X-MEDIA-SEQUENCE:0'];
  lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(START).toISOString()}`);
  for (let seq = 0; seq <= last; seq++) lines.push('#EXTINF:1.000,', `s${seq}.ts`);
  if (endList) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

describe('a stale #EXT-X-ENDLIST copy of a live playlist', () => {
  let server: Server;
  let url: string;
  /** Playlists served in turn: live, the stale ended copy, then live again with two more segments. */
  const served = [playlist(3, false), playlist(3, true), playlist(5, false)];
  let reloads = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/media.m3u8') res.writeHead(200).end(served[Math.min(reloads++, served.length - 1)]);
      else res.writeHead(200).end(Buffer.alloc(188, 0x47));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/media.m3u8`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('keeps the appearance open, says nothing about an end and processes what follows', async () => {
    const store = new MemoryStore();
    const process = fakeProcess(new Set([0, 1, 2, 3, 4, 5]));
    const logger = recordingSink();
    const sent: PrekogEvent[] = [];
    const config = readParseConfig({ CHANNEL_ID: 'demo', HLS_URL: url, ...NAMES_ENV, LABELS: 'Cat:55:0:0' });
    await runParse(
      config,
      {
        openSource: (state) => createHlsSource({ url, allowedHosts: [], start: 'window', state: state as never }),
        store,
        detector: async () => ({ detect: async () => ({ Labels: [], LabelModelVersion: 'test' }) }),
        prekog: { invoke: async (e) => void sent.push(e) },
        logger,
        processSegment: process.fn,
      },
      // stops once the segments after the stale copy are processed; 30 s only guards against a hang
      contextUntilDone(() => process.inputs.length >= 6, Date.now() + 30_000),
      { initialSegmentEstimateMs: 200, safetyMarginMs: 200, maxPollWaitMs: 300 },
    );
    expect(reloads).toBeGreaterThanOrEqual(3); // the stale copy was served
    expect(process.inputs.map((i) => i.segment.mediaSequence)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(logger.entries.filter((e) => e.extra?.[PLAYLIST_ENDED_FIELD] === true)).toEqual([]);
    expect(sent.map((e) => [e.kind, e.closeReason])).toEqual([['opened', undefined]]);
    expect(store.appearances.filter((a) => a.status !== 'open')).toEqual([]);
    expect(Object.values(store.cursor?.appearances ?? {}).map((a) => a.status)).toEqual(['open']);
  });
});
