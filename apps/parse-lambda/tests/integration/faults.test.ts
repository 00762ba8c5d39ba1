/**
 * Faults on real parts: the origin answers 500 for a while, one segment 404s, one is cut off
 * mid-transfer, the detector throws once, and DynamoDB (dynalite) is restarted mid-run. The run
 * finishes, records each fault, and processes every segment that could be processed exactly once.
 */
import { SHORT_PROGRAMME } from '@catfinder/demo-channel';
import type { StandIns } from '@catfinder/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Detector } from '../../src/ports';
import { runParse } from '../../src/run-parse';
import { createParseDeps } from '../../src/wiring';
import { createHlsSource } from '../../src/hls-source';
import { testDetector } from '../helpers/test-detector';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy';
import { contextUntilDone, memorySink, sleep, startPipelineEnv, type PipelineEnv } from '../helpers/pipeline-env';

let env: PipelineEnv<StandIns>;
let proxy: FaultProxy;
beforeAll(async () => {
  // A stand-in pair of its own: the test restarts DynamoDB mid-run.
  env = await startPipelineEnv(30, SHORT_PROGRAMME, { ownStandIns: true });
});
afterAll(async () => {
  await proxy?.stop();
  await env?.stop();
});

describe('parse under faults', () => {
  it('finishes, records the faults and processes every processable segment once', async () => {
    // 1 s segments; the run starts near the live edge (as if an earlier run had got there). The
    // faults follow the run's progress instead of the clock: the 3rd and 5th segments fail, the
    // next playlist request starts a 5 s origin outage, DynamoDB restarts 3 s after it, and the run
    // ends once two segments were processed after the restart.
    const newest = Math.floor((Date.now() - env.channel.programStartMs) / 1000) - 1;
    const t0 = Date.now();
    const OUTAGE_MS = 5_000;
    let segmentsAsked = 0;
    let outageFrom: number | undefined;
    proxy = await startFaultProxy(env.channel.masterUrl, {
      playlistDown: () => {
        if (outageFrom === undefined && segmentsAsked >= 5) outageFrom = Date.now();
        return outageFrom !== undefined && Date.now() - outageFrom < OUTAGE_MS;
      },
      segment: (n) => {
        segmentsAsked = Math.max(segmentsAsked, n);
        return n === 3 ? '404' : n === 5 ? 'truncate' : 'ok';
      },
    });
    const config = env.config({ CHANNEL_ID: 'faulty', HLS_URL: proxy.url(env.channel.masterUrl) });
    const source = () =>
      createHlsSource({
        url: config.hlsUrl,
        allowedHosts: [],
        start: 'window',
        ...(newest >= 2 ? { state: { lastMediaSequence: newest - 2 } } : {}),
      });
    const real = testDetector(config);
    let detectorCalls = 0;
    const flaky = async (): Promise<Detector> => {
      const inner = await real();
      return {
        detect: async (image) => {
          detectorCalls++;
          if (detectorCalls === 2) throw new Error('injected detector failure');
          return inner.detect(image);
        },
      };
    };
    let restartedAt = 0;
    let processedAfterRestart = 0;
    const logger = memorySink((e) => {
      if (restartedAt > 0 && e.message === 'segment processed') processedAfterRestart++;
    });
    let runEnded = false;
    const restart = (async () => {
      while (outageFrom === undefined || Date.now() - outageFrom < OUTAGE_MS + 3_000) {
        if (runEnded) return; // never reached the outage: the assertions below say so
        await sleep(200);
      }
      await env.standIns.dynamodb.restart();
      restartedAt = Date.now();
    })();
    const context = contextUntilDone(() => processedAfterRestart >= 2, t0 + 150_000, 'faults');
    const summary = await runParse(
      config,
      createParseDeps(config, { clients: env.clients, logger, detector: flaky, source }),
      context,
    ).finally(() => {
      runEnded = true;
    });
    await restart;

    const problems = JSON.stringify(logger.entries.filter((e) => e.level !== 'info'));
    // The faults are in the summary and the logs.
    expect(summary.failedSegments, problems).toBeGreaterThanOrEqual(2);
    expect(summary.detectorErrors).toBe(1);
    expect(proxy.log.filter((l) => l.status === 500).length).toBeGreaterThan(0);
    const messages = logger.entries.map((e) => `${e.level} ${e.message}`);
    expect(messages.some((m) => m.startsWith('error playlist poll failed'))).toBe(true);
    expect(messages.filter((m) => m.startsWith('error segment failed; recorded')).length).toBeGreaterThanOrEqual(2);
    expect(messages).toContain('info parse run summary');

    // The faulted segments are recorded as failed, with the reason; the others are done, once.
    const segments = (await env.store.segments.listBySequence('faulty', 0, 1_000_000, { limit: 1000 })).items;
    const failed = segments.filter((s) => s.status === 'failed');
    const faultedUris = [...proxy.faulted.keys()];
    expect(failed.map((s) => new URL(s.uri!).pathname).sort(), problems).toEqual(faultedUris.sort());
    expect(failed.find((s) => proxy.faulted.get(new URL(s.uri!).pathname) === '404')?.reason).toMatch(/fetch: .*404/);
    const done = segments.filter((s) => s.status === 'done');
    // Work went on after DynamoDB came back.
    expect(restartedAt).toBeGreaterThan(0);
    expect(done.filter((s) => s.updatedAt > restartedAt).length, problems).toBeGreaterThan(0);
    expect(done.length).toBe(summary.segments);
    // A segment given back after a passing store failure (DynamoDB restarting) that the run had no
    // time left to retry stays `released` for the next run; no segment is left `claimed`.
    const released = segments.filter((s) => s.status === 'released');
    expect(released.length, problems).toBe(summary.releasedSegments);
    expect(
      segments.filter((s) => s.status === 'claimed').map((s) => s.mediaSequence),
      problems,
    ).toEqual([]);
    expect(segments.length).toBe(done.length + failed.length + released.length);
    const sequences = segments.map((s) => s.mediaSequence);
    expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, i) => sequences[0]! + i));

    // Frames: each done segment's samples once, none for failed ones.
    const frames = (await env.store.frames.between('faulty', 0, Date.now() + 60_000, { limit: 1000 })).items;
    const keys = frames.map((f) => `${f.mediaSequence}/${f.index}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(frames.length).toBe(summary.samples);
    const failedSeqs = new Set(failed.map((s) => s.mediaSequence));
    expect(frames.filter((f) => failedSeqs.has(f.mediaSequence))).toHaveLength(0);
  }, 200_000);
});
