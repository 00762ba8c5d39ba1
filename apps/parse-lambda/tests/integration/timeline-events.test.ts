/**
 * Gaps and resets reported by the live source, on the real store stand-ins: a gap is written as
 * failed segment records and logged, and it (like a reset) closes the open appearance and tells
 * prekog. The live source here is a scripted LiveSource (the real follower's reporting of gaps
 * and resets is tested in libs/hls).
 */
import type { Store } from '@catfinder/store';
import type { StandInsOn } from '@catfinder/store/testing';
import { testStore } from '../helpers/stand-ins';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDLE, stepAppearance, type OpenAppearance } from '../../src/appearance';
import { readParseConfig } from '../../src/config';
import type { PrekogEvent } from '../../src/events';
import type { LiveEvent, LiveSource } from '../../src/ports';
import { runParse } from '../../src/run-parse';
import { createParseDeps, createParseClients } from '../../src/wiring';
import { contextUntil, memorySink } from '../helpers/pipeline-env';

let standIns: StandInsOn;
let store: Store;
let stopStore: (() => Promise<void>) | undefined;
beforeAll(async () => {
  ({ standIns, store, stop: stopStore } = await testStore());
});
afterAll(async () => {
  await stopStore?.();
});

function scripted(batches: LiveEvent[][]): (state: unknown) => LiveSource {
  return () => ({
    async poll() {
      return { segments: [], events: batches.shift() ?? [{ type: 'ended' }] };
    },
    async fetchSegment() {
      throw new Error('no segments in this script');
    },
    stateAfter: (last) => (last === undefined ? {} : { lastMediaSequence: last }),
  });
}

async function runWith(channel: string, batches: LiveEvent[][], open: OpenAppearance) {
  const config = readParseConfig({
    ...standIns.env,
    CHANNEL_ID: channel,
    HLS_URL: 'http://127.0.0.1:9/x.m3u8',
    PREKOG_FUNCTION_NAME: 'prekog',
  });
  const sent: PrekogEvent[] = [];
  const logger = memorySink();
  const deps = createParseDeps(config, {
    clients: createParseClients(),
    logger,
    source: scripted(batches),
    wrapPrekog: () => ({ invoke: async (e) => void sent.push(e) }),
  });
  // An earlier run left the cat appearance open at sequence 41.
  await deps.store.acquireRun(channel, 'earlier', Date.now() + 60_000);
  await deps.store.readCursor(channel);
  await deps.store.writeCursor(channel, { lastSequence: 41, discontinuitySequence: 0, appearances: { Cat: open } });
  await deps.store.releaseRun(channel, 'earlier');
  const summary = await runParse(config, deps, contextUntil(Date.now() + 30_000, channel), {
    initialSegmentEstimateMs: 100,
    safetyMarginMs: 100,
  });
  return { summary, sent, logger, cursor: await deps.store.readCursor(channel) };
}

const openCat = (channel: string) =>
  stepAppearance(
    IDLE,
    { frame: { mediaSequence: 41, index: 15 }, time: 1_700_000_000_500, isCut: true, matched: true, confidence: 88 },
    { channel, label: 'Cat', exitSamples: 2, maxClipSeconds: 120 },
  ).state as OpenAppearance;

describe('timeline events', () => {
  it('records a gap as failed segments, logs it, and closes the open appearance with reason gap', async () => {
    const { summary, sent, logger, cursor } = await runWith(
      'gappy',
      [
        [
          {
            type: 'gap',
            reason: 'left-window',
            fromSequence: 42,
            toSequence: 44,
            detail: 'left the live playlist before it was processed',
            epoch: 0,
          },
        ],
      ],
      openCat('gappy'),
    );
    expect(summary.gaps).toBe(1);
    const records = (await store.segments.listBySequence('gappy', 40, 50)).items;
    expect(records.map((r) => [r.mediaSequence, r.status])).toEqual([
      [42, 'failed'],
      [43, 'failed'],
      [44, 'failed'],
    ]);
    expect(records[0]!.reason).toMatch(/^gap: /);
    expect(
      logger.entries.some(
        (e) => e.level === 'warn' && e.message.startsWith('gap:') && e.extra?.['fromSequence'] === 42,
      ),
    ).toBe(true);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      kind: 'closed',
      closeReason: 'gap',
      label: 'Cat',
      lastMatch: { frame: { mediaSequence: 41, index: 15 } },
    });
    expect(cursor?.lastSequence).toBe(44);
    expect(cursor?.appearances['Cat']).toEqual({ status: 'idle' });
  });

  it('starts a new timeline on a reset: the appearance closes and the cursor forgets the old sequence', async () => {
    const { summary, sent, cursor } = await runWith(
      'resetty',
      [[{ type: 'reset', detail: 'sequence-backwards at 3 after 41', epoch: 1, newEpoch: true }]],
      openCat('resetty'),
    );
    expect(summary.resets).toBe(1);
    expect(sent.map((e) => [e.kind, e.closeReason])).toEqual([['closed', 'reset']]);
    expect(cursor?.lastSequence).toBeUndefined();
    expect(cursor?.appearances['Cat']).toEqual({ status: 'idle' });
  });
});
