/**
 * A finished recording given as the live channel (`#EXT-X-ENDLIST`): the run warns once with what
 * to use instead (the scan), processes the segments, and closes an open appearance at the end —
 * no sample will follow, so the appearance is maximal (DESIGN.md) and its clip is cut now.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readParseConfig } from '../../src/config';
import type { PrekogEvent } from '../../src/events';
import type { LiveEvent, LiveSegment, LiveSource } from '../../src/ports';
import { PLAYLIST_ENDED_FIELD, PLAYLIST_ENDED_HINT } from '../../src/run/parse-run';
import { runParse } from '../../src/run-parse';
import { fakeProcess, liveSegment, MemoryStore, recordingSink } from '../helpers/memory-ports';
import { NAMES_ENV } from '../helpers/parse-env';
import { settleWithFakeTimers } from '../helpers/fake-time';

const config = readParseConfig({
  CHANNEL_ID: 'demo',
  HLS_URL: 'http://127.0.0.1:9/vod.m3u8',
  ...NAMES_ENV,
  LABELS: 'Cat:55:0:0',
  EXIT_SAMPLES: '2',
});

/** A source that lists `segments` once with an ENDLIST, then only the end again. */
function endedSource(segments: LiveSegment[], ended: Extract<LiveEvent, { type: 'ended' }>): LiveSource {
  let polled = false;
  return {
    async poll() {
      const first = !polled;
      polled = true;
      return { segments: first ? segments : [], events: [ended] };
    },
    async fetchSegment() {},
    stateAfter: (last) => (last === undefined ? {} : { lastMediaSequence: last }),
  };
}

async function run(store: MemoryStore, source: LiveSource, cats: ReadonlySet<number>) {
  const process = fakeProcess(cats);
  const logger = recordingSink();
  const sent: PrekogEvent[] = [];
  const deadline = Date.now() + 60_000;
  const running = runParse(
    config,
    {
      openSource: () => source,
      store,
      detector: async () => ({ detect: async () => ({ Labels: [], LabelModelVersion: 'test' }) }),
      prekog: { invoke: async (e) => void sent.push(e) },
      logger,
      processSegment: process.fn,
    },
    { getRemainingTimeInMillis: () => deadline - Date.now(), awsRequestId: 'test' },
    { initialSegmentEstimateMs: 1000, safetyMarginMs: 500 },
  );
  const summary = await settleWithFakeTimers(running);
  return { summary, process, logger, sent };
}

const at = (logger: ReturnType<typeof recordingSink>, level: string) =>
  logger.entries.filter((e) => e.level === level).map((e) => e.message);

describe('a playlist with #EXT-X-ENDLIST', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_800_000_100_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it('warns once that it is a finished recording, naming the scan, processes it and closes the open appearance at its end', async () => {
    const store = new MemoryStore();
    const segments = [0, 1, 2, 3].map((q) => liveSegment(q));
    const { summary, process, logger, sent } = await run(
      store,
      endedSource(segments, { type: 'ended' }),
      new Set([2, 3]),
    );
    expect(process.inputs.map((i) => i.segment.mediaSequence)).toEqual([0, 1, 2, 3]);
    expect(at(logger, 'warn')).toEqual([PLAYLIST_ENDED_HINT]);
    expect(PLAYLIST_ENDED_HINT).toContain('npm run scan -- <url>');
    expect(logger.entries.find((e) => e.message === PLAYLIST_ENDED_HINT)?.extra).toMatchObject({
      url: 'http://127.0.0.1:9/vod.m3u8',
      [PLAYLIST_ENDED_FIELD]: true,
    });
    // The cat is on screen until the last segment: it closes at the end, not never.
    expect(sent.map((e) => [e.kind, e.closeReason])).toEqual([
      ['opened', undefined],
      ['closed', 'ended'],
    ]);
    expect(store.appearances.at(-1)).toMatchObject({ status: 'closed', reason: 'ended' });
    expect(Object.values(store.cursor?.appearances ?? {}).map((a) => a.status)).toEqual(['idle']);
    expect(summary).toMatchObject({ segments: 4, appearancesOpened: 1, appearancesClosed: 1 });
  });

  it('a later run that resumes a known end only notes it (no warning every minute)', async () => {
    const { logger, sent } = await run(
      new MemoryStore(),
      endedSource([], { type: 'ended', seenBefore: true }),
      new Set(),
    );
    expect(at(logger, 'warn')).toEqual([]);
    // with the same field as the first run's warning: a log consumer (the local stack's heartbeat)
    // learns of the end on every run, not only the first
    expect(logger.entries.find((e) => e.message === 'playlist ended')).toMatchObject({
      level: 'info',
      extra: { channel: 'demo', [PLAYLIST_ENDED_FIELD]: true },
    });
    expect(sent).toEqual([]);
  });
});
