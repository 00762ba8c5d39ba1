/**
 * Issue 17's restart scenario end to end on the stand-ins: the demo channel's origin restarts its
 * encoder (FaultyOrigin `restart`: sequence numbers and segment names start again at 0, new
 * content) while parse follows it. Every segment of both timelines is processed (none "already
 * claimed"), each epoch's archive and samples keep their own keys, and after the new timeline has
 * reused the numbers, prekog and the builtin clipper still cut the earlier timeline's appearance
 * from the earlier timeline's archive.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SHORT_PROGRAMME } from '@catfinder/demo-channel';
import { BuiltinClipper, storeClipperStore } from '@catfinder/delta';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrekogEvent } from '../../src/events';
import { runParse } from '../../src/run-parse';
import { createParseDeps } from '../../src/wiring';
import { contextUntil, memorySink, startPipelineEnv, waitFor, type PipelineEnv } from '../helpers/pipeline-env';

const CHANNEL = 'restart';
/** Segments of the first timeline before the restart; the second must reach past them. */
const BEFORE_RESTART = 6;
const REUSED = 4;

let env: PipelineEnv;
beforeAll(async () => {
  env = await startPipelineEnv(30, SHORT_PROGRAMME);
}, 120_000);
afterAll(async () => env?.stop(), 60_000);

const cat = { Name: 'Cat', Confidence: 90, Instances: [], Parents: [], Aliases: [], Categories: [] };

describe('an encoder restart that reuses sequence numbers', () => {
  it("processes both timelines, keeps each epoch's archive, and cuts the earlier appearance from its own epoch after the numbers were reused", async () => {
    const context = contextUntil(Date.now() + 150_000, 'restart');
    let restarted = false;
    let afterRestart = 0;
    const logger = memorySink((e) => {
      if (e.message === 'segment processed' && !restarted && Number(e.extra?.['sequence']) >= BEFORE_RESTART - 1) {
        restarted = true;
        env.channel.inject({ kind: 'restart' });
      }
      if (e.message === 'playlist reset: new timeline') afterRestart = 0;
      if (
        e.message === 'segment processed' &&
        restarted &&
        Number(e.extra?.['sequence']) < BEFORE_RESTART &&
        ++afterRestart > REUSED
      )
        context.stop();
    });
    const config = env.config({ CHANNEL_ID: CHANNEL, LABELS: 'Cat' });
    const notices: PrekogEvent[] = [];
    // Every sample is a cat: one appearance per timeline, the first closed by the reset.
    const deps = createParseDeps(config, {
      clients: env.clients,
      logger,
      detector: async () => ({ detect: async () => ({ Labels: [cat], LabelModelVersion: 'test' }) }),
      // Held back from prekog until the new timeline has reused the numbers (below).
      wrapPrekog: () => ({ invoke: async (event) => void notices.push(event) }),
    });
    const summary = await runParse(config, deps, context);
    expect(summary, JSON.stringify(logger.entries.filter((e) => e.level !== 'info'))).toMatchObject({
      resets: 1,
      skippedClaimed: 0,
      errors: 0,
    });
    expect(logger.entries.some((e) => e.message.includes('already claimed'))).toBe(false);

    // Both timelines are stored: epoch 0's records were kept when epoch 1 took their numbers.
    const epoch0 = await env.store.segments.listEpochBySequence(CHANNEL, 0, 0, 1000);
    const epoch1 = await env.store.segments.listEpochBySequence(CHANNEL, 1, 0, 1000);
    const reused = epoch1.map((r) => r.mediaSequence).filter((seq) => epoch0.some((r) => r.mediaSequence === seq));
    expect(reused.length).toBeGreaterThanOrEqual(REUSED);
    for (const seq of reused) {
      const [old, now] = [epoch0.find((r) => r.mediaSequence === seq)!, epoch1.find((r) => r.mediaSequence === seq)!];
      expect([old.status, now.status]).toEqual(['done', 'done']);
      expect(old.archiveKey).toBe(`segments/${CHANNEL}/${seq}.ts`);
      expect(now.archiveKey).toBe(`segments/${CHANNEL}/e1/${seq}.ts`);
      expect(now.startTime).toBeGreaterThan(old.startTime);
      const [a, b] = [
        await env.store.objects.getBytes(old.archiveKey!),
        await env.store.objects.getBytes(now.archiveKey!),
      ];
      expect(a?.byteLength).toBeGreaterThan(0);
      expect(Buffer.from(a!).equals(Buffer.from(b!))).toBe(false);
    }
    const samples = (
      await env.store.frames.between(CHANNEL, epoch1[0]!.startTime, epoch1.at(-1)!.startTime + 1000, { limit: 50 })
    ).items;
    expect(samples.length).toBeGreaterThan(0);
    for (const s of samples) expect(s.imageKey).toMatch(new RegExp(`^samples/${CHANNEL}/e1/`));

    // The notices name their epoch: the first appearance closed by the reset (epoch 0), the next opened in epoch 1.
    const closed0 = notices.find((n) => n.kind === 'closed' && n.closeReason === 'reset');
    expect(closed0).toBeDefined();
    expect(closed0).not.toHaveProperty('epoch');
    expect(notices.filter((n) => n.kind === 'opened').map((n) => n.epoch ?? 0)).toEqual([0, 1]);
    expect(closed0!.firstMatch.frame.mediaSequence).toBeLessThanOrEqual(Math.max(...reused));

    // Now prekog (its own process, the builtin clipper) cuts the epoch-0 appearance.
    const lambda = new LambdaClient({ maxAttempts: 1 });
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: env.prekog.functionName, Payload: Buffer.from(JSON.stringify(closed0)) }),
    );
    expect(out.FunctionError, Buffer.from(out.Payload ?? []).toString()).toBeUndefined();
    const clip = await waitFor(
      'the epoch-0 clip',
      async () =>
        (await env.store.clips.listByChannel(CHANNEL, { limit: 20 })).items.find(
          (c) => c.status === 'ready' || c.status === 'failed',
        ),
      60_000,
    );
    expect(clip.status, clip.reason).toBe('ready');
    // Its first frame is epoch 0's: at or after the first match's time, before anything of epoch 1.
    const first0 = epoch0.find((r) => r.mediaSequence === closed0!.firstMatch.frame.mediaSequence)!;
    expect(clip.start).toBeGreaterThanOrEqual(first0.startTime);
    expect(clip.end).toBeLessThan(epoch1[0]!.startTime);
    // The cat was still on screen when the encoder restarted: the clip is the scene up to the restart, and says so.
    expect(clip.cutShortBy).toBe('reset');

    // The builtin clipper fetches that epoch's archived objects, not the later epoch's at the same numbers.
    const fetched: string[] = [];
    const base = storeClipperStore(env.store);
    const clipper = new BuiltinClipper({
      store: { ...base, getObject: (key) => (fetched.push(key), base.getObject(key)) },
    });
    const [a, b] = [reused[0]!, reused[1]!];
    const frames = (seq: number, list: typeof epoch0) => {
      const r = list.find((x) => x.mediaSequence === seq)!;
      return { start: { mediaSequence: seq, index: 0, time: new Date(r.startTime).toISOString() } };
    };
    for (const [epoch, list] of [
      [0, epoch0],
      [1, epoch1],
    ] as const) {
      fetched.length = 0;
      const endRecord = list.find((x) => x.mediaSequence === b)!;
      const result = await clipper.createClip({
        channel: CHANNEL,
        label: 'Check',
        frameRate: 30,
        ...(epoch > 0 ? { epoch } : {}),
        startFrame: frames(a, list).start,
        endFrame: { mediaSequence: b, index: 29, time: new Date(endRecord.startTime + (29 * 1000) / 30).toISOString() },
      });
      expect(result.clip.status, result.clip.reason).toBe('ready');
      const prefix = epoch === 0 ? `segments/${CHANNEL}/` : `segments/${CHANNEL}/e1/`;
      expect(fetched.filter((k) => k.endsWith('.ts')).sort()).toEqual([`${prefix}${a}.ts`, `${prefix}${b}.ts`]);
    }
  }, 300_000);
});
