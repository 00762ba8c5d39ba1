/**
 * Store failures around a segment, on real parts: a failed claim is retried after a pause; a failed
 * write before the segment is complete retries the segment from the same state; a failed cursor write after it is complete is
 * logged and never processes the segment again. Either way the next segment still gets its previous
 * segment's file (the boundary score) and nothing is failed, lost or written twice.
 */
import { SHORT_PROGRAMME } from '@catfinder/demo-channel';
import { StoreUnavailableError } from '@catfinder/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParseStore } from '../../src/ports';
import { runParse } from '../../src/run-parse';
import { createParseDeps } from '../../src/wiring';
import { createHlsSource } from '../../src/hls-source';
import { testDetection } from '../helpers/test-detector';
import { contextUntilDone, memorySink, startPipelineEnv, type PipelineEnv } from '../helpers/pipeline-env';

/**
 * A 2-minute live window (120 one-second segments): the three runs share the cores with the rest
 * of the test suite and may fall behind live; what this file checks is store failures, so falling
 * behind must not turn into a segment leaving the window (seen once at load ~7 with 30).
 */
const WINDOW_SEGMENTS = 120;

let env: PipelineEnv;
beforeAll(async () => {
  env = await startPipelineEnv(WINDOW_SEGMENTS, SHORT_PROGRAMME);
});
afterAll(async () => {
  await env?.stop();
});

/** A store whose `method` throws a connection error once, on its `nth` call. */
function failingOnce(
  store: ParseStore,
  method: keyof ParseStore,
  nth: number,
): ParseStore & { failedAt: () => number | undefined } {
  let calls = 0;
  let failedAt: number | undefined;
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'failedAt') return () => failedAt;
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key !== method || typeof value !== 'function')
        return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        calls++;
        if (calls === nth) {
          failedAt = Date.now();
          // What libs/store throws when DynamoDB refuses the connection (after the SDK's retries).
          throw new StoreUnavailableError(`injected: connect ECONNREFUSED 127.0.0.1 (${String(method)})`);
        }
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  }) as ParseStore & { failedAt: () => number | undefined };
}

describe('store failures around a segment', () => {
  // The three cases use their own channels on the shared stand-ins and demo channel, so they run at once.
  it.concurrent.each([
    ['claimSegment', 'retried after a pause'],
    ['completeSegment', 'retried from the same state'],
    ['writeCursor', 'logged; the stored segment is not processed again'],
  ] as const)(
    'a failed %s on the 2nd segment is %s; every segment done once, none failed',
    async (method, _what) => {
      const channelId = `retry-${method.toLowerCase()}`;
      const config = env.config({ CHANNEL_ID: channelId });
      const newest = Math.floor((Date.now() - env.channel.programStartMs) / 1000) - 1;
      const source = () =>
        createHlsSource({
          url: config.hlsUrl,
          allowedHosts: [],
          start: 'window',
          ...(newest >= 6 ? { state: { lastMediaSequence: newest - 6 } } : {}),
        });
      let processed = 0;
      const logger = memorySink((e) => {
        if (e.message === 'segment processed') processed++;
      });
      const deps = createParseDeps(config, {
        clients: env.clients,
        logger,
        source,
        detector: testDetection(config, env.clients),
      });
      const store = failingOnce(deps.store, method, 2);
      const summary = await runParse(
        config,
        { ...deps, store },
        contextUntilDone(() => processed >= 5, Date.now() + 120_000, channelId),
      );

      const problems = JSON.stringify(logger.entries.filter((e) => e.level !== 'info'));
      expect(store.failedAt(), 'the fault was injected').toBeDefined();
      expect(summary.failedSegments, problems).toBe(0);
      expect(summary.errors, problems).toBe(1);
      expect(problems).not.toMatch(/ENOENT/);
      const messages = logger.entries.map((e) => `${e.level} ${e.message}`);
      if (method === 'claimSegment') expect(messages).toContain('error segment claim failed; will retry');
      else if (method === 'completeSegment') expect(messages).toContain('error segment failed; will retry');
      else {
        expect(messages).toContain('error saving the cursor failed after the segment was stored');
        expect(messages.filter((m) => m.startsWith('error segment failed'))).toEqual([]);
      }

      const segments = (await env.store.segments.listBySequence(channelId, 0, 1_000_000, { limit: 1000 })).items;
      expect(
        segments.every((s) => s.status === 'done'),
        problems,
      ).toBe(true);
      expect(segments.length).toBe(summary.segments);
      expect(summary.segments).toBeGreaterThanOrEqual(5);
      const sequences = segments.map((s) => s.mediaSequence);
      expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, i) => sequences[0]! + i));
      // Each processed segment's samples are stored once.
      const frames = (await env.store.frames.between(channelId, 0, Date.now() + 60_000, { limit: 1000 })).items;
      const keys = frames.map((f) => `${f.mediaSequence}/${f.index}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(frames.length).toBe(summary.samples);
      // Every segment after the first was scored across its boundary with the previous segment.
      const analysed = logger.entries.filter((e) => e.message === 'segment processed');
      expect(analysed.length).toBe(summary.segments);
      const analysedSequences = analysed.map((e) => e.extra?.['sequence']);
      expect(new Set(analysedSequences).size, 'no segment processed twice').toBe(analysedSequences.length);
      expect(analysed.slice(1).map((e) => e.extra?.['boundaryScored'])).toEqual(analysed.slice(1).map(() => true));
    },
    150_000,
  );
});
