/**
 * ParseRun's decisions over in-memory ports with fake timers: claims, retries, lease loss, gaps,
 * resets, carry-over, budget. The stand-in tests (tests/integration) cover the same run against
 * DynamoDB/S3 stand-ins, ffmpeg and a live channel.
 */
import { StoreDataError, StoreUnavailableError } from '@catfinder/store';
import { HttpStatusError } from '@catfinder/hls';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readParseConfig } from '../../src/config';
import type { PrekogEvent } from '../../src/events';
import type { LiveEvent, LiveSegment } from '../../src/ports';
import type { ParseMetric } from '../../src/metrics';
import { runParse } from '../../src/run-parse';
import { FfmpegInterruptedError, InvalidSegmentError } from '@catfinder/media';
import { fakeProcess, liveSegment, MemoryStore, recordingSink, scriptedSource } from '../helpers/memory-ports';
import { NAMES_ENV } from '../helpers/parse-env';
import { settleWithFakeTimers } from '../helpers/fake-time';

const config = readParseConfig({
  CHANNEL_ID: 'demo',
  HLS_URL: 'http://127.0.0.1:9/live.m3u8',
  ...NAMES_ENV,
  LABELS: 'Cat:55:0:0',
  EXIT_SAMPLES: '1',
});

interface Setup {
  polls: { segments?: LiveSegment[]; events?: LiveEvent[] }[];
  store?: MemoryStore;
  cats?: Set<number>;
  fetchErrors?: Map<number, Error>;
  budgetMs?: number;
  /** Receives the saved state the run opens its live source with. */
  opened?: unknown[];
  /** Fails these calls of processSegment (by call number, from 1) with the given error instead. */
  processFails?: ReadonlyMap<number, Error>;
}

async function run(setup: Setup) {
  const store = setup.store ?? new MemoryStore();
  const process = fakeProcess(setup.cats);
  const logger = recordingSink();
  const sent: PrekogEvent[] = [];
  const metrics = { added: [] as [ParseMetric, number][], flushes: 0 };
  const dashboardErrors: string[] = [];
  const dashboard = {
    segmentDone: async () => undefined,
    error: async (_channel: string, message: string) => void dashboardErrors.push(message),
    runEnded: async () => undefined,
  };
  const deadline = Date.now() + (setup.budgetMs ?? 60_000);
  const running = runParse(
    config,
    {
      openSource: (state) => {
        setup.opened?.push(state);
        return scriptedSource(setup.polls, setup.fetchErrors);
      },
      store,
      detector: async () => ({ detect: async () => ({ Labels: [], LabelModelVersion: 'test' }) }),
      prekog: { invoke: async (e) => void sent.push(e) },
      logger,
      metrics: { add: (name, value) => void metrics.added.push([name, value]), flush: () => void metrics.flushes++ },
      processSegment: (input) => {
        const failure = setup.processFails?.get(process.inputs.length + 1);
        if (failure) {
          process.inputs.push(input);
          return Promise.reject(failure);
        }
        return process.fn(input);
      },
      dashboard,
    },
    { getRemainingTimeInMillis: () => deadline - Date.now(), awsRequestId: 'test' },
    { initialSegmentEstimateMs: 1000, safetyMarginMs: 500 },
  );
  const summary = await settleWithFakeTimers(running);
  return { summary, store, process, logger, sent, metrics, dashboardErrors };
}

const messages = (logger: ReturnType<typeof recordingSink>, level: string) =>
  logger.entries.filter((e) => e.level === level).map((e) => e.message);

describe('ParseRun', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_800_000_100_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  describe('claims', () => {
    it('claims, processes and completes each new segment once, in order, and saves the cursor after each', async () => {
      const { summary, store, process } = await run({
        polls: [{ segments: [liveSegment(5), liveSegment(6)] }, { segments: [liveSegment(6), liveSegment(7)] }],
      });
      expect(process.inputs.map((i) => i.segment.mediaSequence)).toEqual([5, 6, 7]);
      expect([...store.claims].map(([seq, c]) => [seq, c.status])).toEqual([
        [5, 'done'],
        [6, 'done'],
        [7, 'done'],
      ]);
      expect(summary).toMatchObject({ segments: 3, lastSequence: 7, errors: 0 });
      expect(store.cursor?.lastSequence).toBe(7);
      expect(store.lease).toBeUndefined();
    });

    it('skips a segment another run claimed, moves the cursor past it and restarts the sampling rhythm', async () => {
      const store = new MemoryStore();
      store.claims.set(6, { status: 'claimed', token: 'other', owner: 'other-run' });
      const { summary, process } = await run({
        store,
        polls: [{ segments: [liveSegment(5), liveSegment(6), liveSegment(7)] }],
      });
      expect(process.inputs.map((i) => i.segment.mediaSequence)).toEqual([5, 7]);
      expect(summary).toMatchObject({ segments: 2, skippedClaimed: 1 });
      // 7 does not continue 5's timeline: no carry, no previous segment.
      expect(process.inputs[1]).not.toHaveProperty('carry');
      expect(process.inputs[1]).not.toHaveProperty('previousPath');
    });

    it('resumes after the cursor of the previous run and carries its sampling rhythm and appearances', async () => {
      const store = new MemoryStore();
      store.cursor = {
        lastSequence: 9,
        discontinuitySequence: 0,
        carry: { version: 1, secondsSinceCandidate: 0.5 },
        appearances: {},
      };
      const { process } = await run({
        store,
        polls: [{ segments: [liveSegment(8), liveSegment(9), liveSegment(10)] }],
      });
      expect(process.inputs.map((i) => i.segment.mediaSequence)).toEqual([10]);
      expect(process.inputs[0]?.carry).toEqual({ version: 1, secondsSinceCandidate: 0.5 });
    });
  });

  describe('retries', () => {
    it('gives a segment back after a passing store failure and retries it from the same state after a pause', async () => {
      const store = new MemoryStore();
      store.failNext('completeSegment', new StoreUnavailableError('completeSegment: ECONNREFUSED'));
      const { summary, process, logger } = await run({
        store,
        polls: [{ segments: [liveSegment(5), liveSegment(6)] }],
      });
      expect(process.inputs.map((i) => i.segment.mediaSequence)).toEqual([5, 5, 6]);
      expect(process.inputs[1]?.carry).toEqual(process.inputs[0]?.carry);
      expect(store.count('releaseSegment')).toBe(1);
      expect(store.claims.get(5)?.status).toBe('done');
      expect(summary).toMatchObject({ segments: 2, failedSegments: 0, releasedSegments: 0, errors: 1 });
      expect(messages(logger, 'error')).toContain('segment failed; will retry');
    });

    it('an ffmpeg a signal from outside stopped (Ctrl-C, shutdown) is not the segment’s fault: given back and retried, a warning, no error recorded', async () => {
      const store = new MemoryStore();
      const interrupted = new FfmpegInterruptedError('ffmpeg interrupted (exit 255 on a signal): ffmpeg -i 5.ts');
      const { summary, process, logger, dashboardErrors } = await run({
        store,
        polls: [{ segments: [liveSegment(5), liveSegment(6)] }],
        processFails: new Map([[1, interrupted]]),
      });
      expect(process.inputs.map((i) => i.segment.mediaSequence)).toEqual([5, 5, 6]);
      expect(store.claims.get(5)?.status).toBe('done');
      expect(summary).toMatchObject({ segments: 2, failedSegments: 0 });
      expect(messages(logger, 'warn')).toContain('segment interrupted; will retry');
      expect(messages(logger, 'error')).toEqual([]);
      expect(dashboardErrors).toEqual([]);
    });

    it('a media failure of the segment itself is still recorded at once (and reported to the dashboard)', async () => {
      const store = new MemoryStore();
      const broken = new InvalidSegmentError('5.ts', 'ffmpeg could not decode it: Invalid data found');
      const { summary, process, logger, dashboardErrors } = await run({
        store,
        polls: [{ segments: [liveSegment(5), liveSegment(6)] }],
        processFails: new Map([[1, broken]]),
      });
      expect(process.inputs.map((i) => i.segment.mediaSequence)).toEqual([5, 6]);
      expect(store.claims.get(5)?.status).toBe('failed');
      expect(summary).toMatchObject({ segments: 1, failedSegments: 1 });
      expect(messages(logger, 'error')).toEqual(['segment failed; recorded']);
      expect(dashboardErrors).toEqual([expect.stringMatching(/^segment 5: process: /)]);
    });

    it('records the segment as failed after the last attempt and carries on with the next', async () => {
      const store = new MemoryStore();
      const down = () => new StoreUnavailableError('putSamples: timeout');
      store.failNext('recordSightings', down(), down(), down());
      const { summary, process } = await run({ store, polls: [{ segments: [liveSegment(5), liveSegment(6)] }] });
      expect(process.inputs.map((i) => i.segment.mediaSequence)).toEqual([5, 5, 5, 6]);
      expect(store.claims.get(5)).toMatchObject({ status: 'failed' });
      expect(store.claims.get(5)?.reason).toMatch(/^store: putSamples: timeout/);
      expect(summary).toMatchObject({ segments: 1, failedSegments: 1 });
    });

    it('does not retry a store error that cannot pass (StoreDataError): the segment is recorded as failed at once', async () => {
      const store = new MemoryStore();
      store.failNext('saveAppearance', new StoreDataError('appearance a1: samples: expected an array'));
      const { summary, process } = await run({
        store,
        cats: new Set([5]),
        polls: [{ segments: [liveSegment(5), liveSegment(6)] }],
      });
      expect(process.inputs.map((i) => i.segment.mediaSequence)).toEqual([5, 6]);
      expect(store.count('releaseSegment')).toBe(0);
      expect(store.claims.get(5)).toMatchObject({ status: 'failed' });
      expect(summary).toMatchObject({ failedSegments: 1, segments: 1 });
    });

    it('records a segment the origin will not serve as failed (fetch stage), never retried', async () => {
      const { store, summary, process } = await run({
        polls: [{ segments: [liveSegment(5), liveSegment(6)] }],
        fetchErrors: new Map([[5, new HttpStatusError('http://127.0.0.1:9/seg5.ts', 404, 1)]]),
      });
      expect(process.inputs.map((i) => i.segment.mediaSequence)).toEqual([6]);
      expect(store.claims.get(5)?.reason).toMatch(/^fetch: /);
      expect(summary).toMatchObject({ failedSegments: 1, segments: 1 });
    });

    it('retries a failed claim after a pause, then stops the run after the last attempt', async () => {
      const store = new MemoryStore();
      const down = () => new StoreUnavailableError('claim: ECONNREFUSED');
      store.failNext('claimSegment', down(), down(), down());
      const { summary, process, logger } = await run({ store, polls: [{ segments: [liveSegment(5)] }] });
      expect(store.count('claimSegment')).toBe(3);
      expect(process.inputs).toEqual([]);
      expect(messages(logger, 'error')).toContain('parse run stopped by an error');
      expect(summary.segments).toBe(0);
    });
  });

  describe('lease loss', () => {
    it('stops the run at once when completeSegment finds the claim taken over: no retry, nothing recorded as failed', async () => {
      const store = new MemoryStore();
      const original = store.completeSegment.bind(store);
      store.completeSegment = async (record, token) => {
        // Another run took the segment over while this one processed it.
        store.claims.set(record.mediaSequence, { status: 'claimed', token: 'other', owner: 'other-run' });
        return original(record, token);
      };
      const { summary, process, logger } = await run({
        store,
        polls: [{ segments: [liveSegment(5), liveSegment(6)] }],
      });
      expect(process.inputs.map((i) => i.segment.mediaSequence)).toEqual([5]);
      expect(store.count('releaseSegment')).toBe(0);
      expect(store.count('failSegment')).toBe(0);
      expect(store.claims.get(5)).toMatchObject({ status: 'claimed', owner: 'other-run' });
      expect(messages(logger, 'warn')).toContain('run lease lost to another run; stopping');
      expect(messages(logger, 'error')).not.toContain('parse run stopped by an error');
      expect(summary).toMatchObject({ segments: 0, failedSegments: 0 });
    });

    it('stops the run when a cursor write finds another run holds the channel', async () => {
      const store = new MemoryStore();
      const { RunLeaseLostError } = await import('../../src/errors');
      store.failNext('writeCursor', new RunLeaseLostError('demo', 'the cursor was written by another run'));
      const { summary, process } = await run({
        store,
        polls: [{ segments: [liveSegment(5), liveSegment(6), liveSegment(7)] }],
      });
      expect(process.inputs.map((i) => i.segment.mediaSequence)).toEqual([5]);
      expect(summary.segments).toBe(1);
    });

    it('stops the run when recording a gap finds the lease lost (the poll does not swallow it)', async () => {
      const store = new MemoryStore();
      const { RunLeaseLostError } = await import('../../src/errors');
      store.failNext('writeCursor', new RunLeaseLostError('demo', 'taken over'));
      const { process, logger } = await run({
        store,
        polls: [
          {
            events: [
              {
                type: 'gap',
                reason: 'left-window',
                fromSequence: 1,
                toSequence: 4,
                detail: 'left the live playlist before it was processed',
                epoch: 0,
              },
            ],
          },
          { segments: [liveSegment(5)] },
        ],
      });
      expect(process.inputs).toEqual([]);
      expect(messages(logger, 'error')).not.toContain('playlist poll failed');
    });

    it('waits for an overlapping run, and does nothing when the lease stays taken past the budget', async () => {
      const store = new MemoryStore();
      store.lease = { owner: 'other', until: Date.now() + 3_600_000 };
      const { summary, process, logger } = await run({
        store,
        budgetMs: 5_000,
        polls: [{ segments: [liveSegment(5)] }],
      });
      expect(process.inputs).toEqual([]);
      expect(store.count('acquireRun')).toBeGreaterThan(1);
      expect(messages(logger, 'info')).toContain('another run holds the channel; nothing to do');
      expect(summary.waitedForLeaseMs).toBeGreaterThan(0);
    });
  });

  describe('fetching', () => {
    it("has the source stream each segment to a file in the run's work folder and hands processSegment the path, not bytes in memory", async () => {
      const { process } = await run({ polls: [{ segments: [liveSegment(5), liveSegment(6)] }] });
      expect(process.inputs.map((i) => [i.bytes, i.path?.endsWith(`download-${i.segment.mediaSequence}.ts`)])).toEqual([
        [undefined, true],
        [undefined, true],
      ]);
    });
  });

  describe('gaps and resets', () => {
    it('records a gap, closes the open appearance with reason gap, tells prekog and moves the cursor past it', async () => {
      const { store, sent, summary } = await run({
        cats: new Set([5]),
        polls: [
          { segments: [liveSegment(5)] },
          {
            events: [
              {
                type: 'gap',
                reason: 'left-window',
                fromSequence: 6,
                toSequence: 8,
                detail: 'left the live playlist before it was processed',
                epoch: 0,
              },
            ],
          },
          { segments: [liveSegment(9)] },
        ],
      });
      expect(store.gaps).toEqual([[6, 8]]);
      expect(sent.map((e) => [e.kind, e.closeReason])).toEqual([
        ['opened', undefined],
        ['closed', 'gap'],
      ]);
      expect(store.appearances.at(-1)).toMatchObject({ status: 'closed', reason: 'gap' });
      expect(summary).toMatchObject({ gaps: 1, appearancesOpened: 1, appearancesClosed: 1, lastSequence: 9 });
    });

    it('logs and counts a refused segment as a refusal with its host, apart from gaps, and records it with reason refused', async () => {
      const { store, summary, logger, process } = await run({
        polls: [
          { segments: [liveSegment(5)] },
          {
            events: [
              {
                type: 'refused',
                mediaSequence: 6,
                uri: 'http://169.254.169.254/latest/seg6.ts',
                host: '169.254.169.254',
                epoch: 0,
              },
            ],
            segments: [liveSegment(7)],
          },
        ],
      });
      expect(summary).toMatchObject({ refused: 1, gaps: 0, segments: 2, lastSequence: 7 });
      expect(store.gaps).toEqual([[6, 6]]);
      expect(store.gapReasons).toEqual(['refused']);
      const warning = logger.entries.find((e) => e.level === 'warn' && e.message.startsWith('segment refused'));
      expect(warning?.extra).toMatchObject({ sequence: 6, host: '169.254.169.254' });
      expect(logger.entries.some((e) => e.message.startsWith('gap:'))).toBe(false);
      // The refused segment's frames are missing: 7 does not continue 5's timeline.
      expect(process.inputs[1]).not.toHaveProperty('carry');
    });

    it('records a left-window gap with its reason', async () => {
      const { store } = await run({
        polls: [
          {
            events: [
              {
                type: 'gap',
                reason: 'left-window',
                fromSequence: 1,
                toSequence: 2,
                detail: 'left the live playlist before it was processed',
                epoch: 0,
              },
            ],
          },
        ],
      });
      expect(store.gapReasons).toEqual(['left-window']);
    });

    it('on a reset forgets the last sequence and the queued segments, so the new timeline starts fresh', async () => {
      const { process, store, summary } = await run({
        polls: [
          { segments: [liveSegment(5)] },
          {
            events: [{ type: 'reset', detail: 'sequence-backwards at 0 after 5', epoch: 1, newEpoch: true }],
            segments: [liveSegment(0, 0, 1), liveSegment(1, 0, 1)],
          },
        ],
      });
      expect(process.inputs.map((i) => i.segment.mediaSequence)).toEqual([5, 0, 1]);
      expect(process.inputs[1]).not.toHaveProperty('carry');
      expect(summary).toMatchObject({ resets: 1, lastSequence: 1 });
      expect(store.cursor?.lastSequence).toBe(1);
    });

    it('processes an encoder restart that reuses sequence numbers: 5–9, restart at 0 growing to 12, every segment fetched once per timeline', async () => {
      // The scenario: before the fix, 5–9 of the new timeline were "already claimed" (skipped, lost for 72 h).
      const range = (from: number, to: number, epoch = 0) =>
        Array.from({ length: to - from + 1 }, (_, i) => liveSegment(from + i, 0, epoch));
      const { process, store, summary, logger } = await run({
        polls: [
          { segments: range(5, 9) },
          {
            events: [{ type: 'reset', detail: 'sequence-backwards at 0 after 9', epoch: 1, newEpoch: true }],
            segments: range(0, 4, 1),
          },
          { segments: range(0, 12, 1) },
        ],
      });
      expect(process.inputs.map((i) => i.segment.mediaSequence)).toEqual([
        5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
      ]);
      expect(summary).toMatchObject({ segments: 18, skippedClaimed: 0, resets: 1 });
      expect(logger.entries.some((e) => e.message.includes('already claimed'))).toBe(false);
      expect([...store.claims.values()].every((c) => c.status === 'done' && c.epoch === 1)).toBe(true);
      expect(store.cursor).toMatchObject({ lastSequence: 12, epoch: 1 });
    });

    it('keeps the timeline epoch across runs: the source resumes in the saved epoch and its segments are claimed in it', async () => {
      const store = new MemoryStore();
      store.cursor = {
        lastSequence: 3,
        discontinuitySequence: 0,
        epoch: 2,
        appearances: {},
        source: { lastMediaSequence: 3, epoch: 2 },
      };
      store.claims.set(4, { status: 'done', token: 'old', owner: 'epoch-1-run', epoch: 1 });
      const opened: unknown[] = [];
      const { process } = await run({ store, opened, polls: [{ segments: [liveSegment(4, 0, 2)] }] });
      expect(opened).toEqual([{ lastMediaSequence: 3, epoch: 2 }]);
      expect(process.inputs.map((i) => i.segment.mediaSequence)).toEqual([4]);
      expect(store.claims.get(4)).toMatchObject({ status: 'done', epoch: 2 });
      expect(store.cursor).toMatchObject({ lastSequence: 4, epoch: 2 });
    });

    it('takes the epoch from the live source only: a cursor written by the former parse counter seeds the source, never lowers it', async () => {
      const store = new MemoryStore();
      // Written before the source kept the epoch: parse's own counter said 3, the source state has none.
      store.cursor = {
        lastSequence: 3,
        discontinuitySequence: 0,
        epoch: 3,
        appearances: {},
        source: { lastMediaSequence: 3 },
      };
      const opened: unknown[] = [];
      await run({ store, opened, polls: [] });
      expect(opened).toEqual([{ lastMediaSequence: 3, epoch: 3 }]);
      const later = new MemoryStore();
      later.cursor = {
        lastSequence: 3,
        discontinuitySequence: 0,
        epoch: 1,
        appearances: {},
        source: { lastMediaSequence: 3, epoch: 4 },
      };
      const openedLater: unknown[] = [];
      await run({ store: later, opened: openedLater, polls: [] });
      expect(openedLater).toEqual([{ lastMediaSequence: 3, epoch: 4 }]);
    });

    it('does not count epochs itself: a reset without a new epoch (a plain discontinuity) keeps the sequence and the epoch', async () => {
      const { process, store, summary } = await run({
        polls: [
          { segments: [liveSegment(5)] },
          {
            events: [{ type: 'reset', detail: 'discontinuity at 6', epoch: 0, newEpoch: false }],
            segments: [liveSegment(6, 1), liveSegment(5)],
          },
        ],
      });
      // 5 again (a stale entry) is not taken for new content: the run still knows it handled 5.
      expect(process.inputs.map((i) => i.segment.mediaSequence)).toEqual([5, 6]);
      expect(summary.resets).toBe(1);
      expect([...store.claims.values()].every((c) => (c.epoch ?? 0) === 0)).toBe(true);
    });

    it('records each follower gap with its own reason and epoch (left-window, behind-live, gap-tag)', async () => {
      const gap = (
        reason: 'left-window' | 'behind-live' | 'gap-tag',
        from: number,
        to: number,
        epoch: number,
      ): LiveEvent => ({ type: 'gap', reason, fromSequence: from, toSequence: to, detail: reason, epoch });
      const { store, summary, logger } = await run({
        polls: [{ events: [gap('behind-live', 0, 9, 0), gap('gap-tag', 12, 13, 0), gap('left-window', 20, 21, 1)] }],
      });
      expect(store.gapReasons).toEqual(['behind-live', 'gap-tag', 'left-window']);
      expect(store.gapEpochs).toEqual([0, 0, 1]);
      expect(store.gaps).toEqual([
        [0, 9],
        [12, 13],
        [20, 21],
      ]);
      expect(summary.gaps).toBe(3);
      const logged = logger.entries
        .filter((e) => e.level === 'warn' && e.message.startsWith('gap'))
        .map((e) => e.extra?.['reason']);
      expect(logged).toEqual(['behind-live', 'gap-tag', 'left-window']);
    });

    it('starts a new timeline at a discontinuity: no carry or previous segment across it', async () => {
      const { process } = await run({ polls: [{ segments: [liveSegment(5), liveSegment(6), liveSegment(7, 1)] }] });
      expect(process.inputs[1]?.carry).toEqual({ version: 1, secondsSinceCandidate: 5 });
      expect(process.inputs[1]?.previousPath).toMatch(/5\.ts$/);
      expect(process.inputs[2]).not.toHaveProperty('carry');
      expect(process.inputs[2]).not.toHaveProperty('previousPath');
    });
  });

  describe('metrics', () => {
    it('emits the agreed metrics per processed segment, and errors and gaps, flushing after each segment and at the end', async () => {
      const store = new MemoryStore();
      store.failNext('completeSegment', new StoreUnavailableError('completeSegment: ECONNREFUSED'));
      const { metrics } = await run({
        store,
        polls: [
          { segments: [liveSegment(5)] },
          {
            events: [
              {
                type: 'gap',
                reason: 'left-window',
                fromSequence: 6,
                toSequence: 7,
                detail: 'left the live playlist before it was processed',
                epoch: 0,
              },
            ],
          },
          { segments: [liveSegment(8)] },
        ],
      });
      const sum = (name: ParseMetric) => metrics.added.filter(([n]) => n === name).reduce((a, [, v]) => a + v, 0);
      expect(sum('SegmentsProcessed')).toBe(2);
      expect(sum('DetectorCalls')).toBe(2);
      // one DetectorSkipped per processed segment (0 here: no budget), so the budget alarm sees data
      expect(metrics.added.filter(([n]) => n === 'DetectorSkipped')).toEqual([
        ['DetectorSkipped', 0],
        ['DetectorSkipped', 0],
      ]);
      expect(sum('ParseErrors')).toBe(1);
      expect(sum('Gaps')).toBe(1);
      const lags = metrics.added.filter(([n]) => n === 'LagSeconds').map(([, v]) => v);
      expect(lags).toHaveLength(2);
      for (const lag of lags) expect(lag).toBeGreaterThan(0);
      expect(metrics.flushes).toBe(3);
    });
  });

  describe('budget', () => {
    it('starts no segment when the time left does not cover one segment plus the safety margin', async () => {
      const { process, summary, store } = await run({ budgetMs: 1_400, polls: [{ segments: [liveSegment(5)] }] });
      expect(process.inputs).toEqual([]);
      expect(summary.segments).toBe(0);
      expect(store.lease).toBeUndefined();
    });
  });
});
