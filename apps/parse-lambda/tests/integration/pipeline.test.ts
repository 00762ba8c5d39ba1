/**
 * The pipeline end to end on real parts: the demo channel (a live HLS origin made by ffmpeg),
 * dynalite + s3rver, real ffmpeg analysis, the real local detector, and prekog running behind a
 * local Lambda invoke endpoint in its own process (reached through AWS_ENDPOINT_URL_LAMBDA).
 */
import { frameLabel, type ClipRecord } from '@catfinder/store';
import { SHORT_PROGRAMME } from '@catfinder/demo-channel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runParse, type ParseSummary } from '../../src/run-parse';
import { createParseDeps } from '../../src/wiring';
import {
  contextUntil,
  contextUntilDone,
  memorySink,
  sleep,
  startPipelineEnv,
  waitFor,
  type PipelineEnv,
} from '../helpers/pipeline-env';
import type { PrekogEvent } from '../../src/events';
import { createHlsSource } from '../../src/hls-source';
import { testDetection } from '../helpers/test-detector';

// SHORT_PROGRAMME: 1 s segments, a 6 s loop; the cat plays 1.5 s - 4.5 s of each loop.
const SEGMENT_MS = 1000;
const LOOP_SEGMENTS = 6;
const LOOP_SECONDS = 6;
const CAT = { start: 1.5, end: 4.5 };
/** Segment (from the loop's start) holding the cut from the cat to the coffee (frame 135 = sequence 4, index 15). */
const CLOSING_SEGMENT = 4;

let env: PipelineEnv;
beforeAll(async () => {
  env = await startPipelineEnv(30, SHORT_PROGRAMME);
});
afterAll(async () => {
  await env?.stop();
});

async function clipsOf(channel: string): Promise<ClipRecord[]> {
  const page = await env.store.clips.listByChannel(channel, { limit: 100 });
  return page.items;
}

describe('parse + prekog on the demo channel', () => {
  it('cuts exactly one clip of the cat scene, first and last frame exact, and none for a label never shown', async () => {
    // Resume the follower right before a loop starts, as if an earlier run had stopped there; the
    // loop's cat scene (1.5 s - 4.5 s) then plays in full, closed by the cut to the coffee. The
    // newest loop whose closing cut is already listed is taken, so the run works through the live
    // window's backlog (as a follower starting mid-stream does) instead of waiting for the channel.
    const newest = Math.floor((Date.now() - env.channel.programStartMs) / SEGMENT_MS) - 1;
    const loopStart = Math.max(0, Math.floor((newest - CLOSING_SEGMENT) / LOOP_SEGMENTS) * LOOP_SEGMENTS);
    const stopAfter = loopStart + CLOSING_SEGMENT; // the closing cut's segment: before the next cat
    const context = contextUntil(Date.now() + 170_000, 'e2e');
    const logger = memorySink((e) => {
      if (e.message === 'segment processed' && Number(e.extra?.['sequence']) >= stopAfter) context.stop();
    });
    const config = env.config({ CHANNEL_ID: 'demo' });
    const sent: PrekogEvent[] = [];
    const deps = createParseDeps(config, {
      clients: env.clients,
      logger,
      detector: testDetection(config, env.clients),
      wrapPrekog: (real) => ({ invoke: async (event) => (sent.push(event), real.invoke(event)) }),
      source: () =>
        createHlsSource({
          url: config.hlsUrl,
          allowedHosts: [],
          start: 'window',
          ...(loopStart > 0 ? { state: { lastMediaSequence: loopStart - 1 } } : {}),
        }),
    });
    const summary: ParseSummary = await runParse(config, deps, context);

    expect(summary.errors, JSON.stringify(logger.entries.filter((e) => e.level !== 'info'))).toBe(0);
    expect(summary.lastSequence).toBeGreaterThanOrEqual(stopAfter);
    expect(summary.gaps).toBe(0);
    expect(summary.appearancesOpened).toBe(1);
    expect(summary.appearancesClosed).toBe(1);

    const clip = await waitFor(
      'the cat clip to be ready',
      async () => (await clipsOf('demo')).find((c) => c.status === 'ready' || c.status === 'failed'),
      120_000,
    );
    const clips = await clipsOf('demo');
    expect(clips.filter((c) => c.label === 'Cat')).toHaveLength(1);
    expect(clips.filter((c) => c.label === 'Horse')).toHaveLength(0);
    expect(clip.status, clip.reason).toBe('ready');

    const loopStartMs = env.channel.frameTime(loopStart * 30);
    const [cat] = env.channel.occurrences(loopStartMs, loopStartMs + LOOP_SECONDS * 1000, 'cat');
    expect(cat!.firstSegment).toEqual({ mediaSequence: loopStart + 1, index: 15 });
    expect(cat!.lastSegment).toEqual({ mediaSequence: loopStart + CLOSING_SEGMENT, index: 14 });
    expect(clip.startFrame).toBe(frameLabel(cat!.startMs, 30));
    expect(clip.endFrame).toBe(frameLabel(cat!.lastFrameMs, 30));
    expect(clip.frameCount).toBe(cat!.lastFrame - cat!.firstFrame + 1);
    expect(clip.frameCount).toBe(Math.round((CAT.end - CAT.start) * 30));
    expect(clip.verification?.passed).toBe(true);
    expect(clip.detectorCalls).toBeGreaterThanOrEqual(3);
    expect(clip.latencySeconds).toBeGreaterThan(0);

    // The appearance links the clip (prekog writes the link right after the clip record, so the
    // test waits for that second write); the feeds list it.
    const appearances = await waitFor(
      'the appearance to link the clip',
      async () => {
        const page = await env.store.appearances.listForChannel('demo', 'Cat', { limit: 10 });
        return page.items.some((a) => a.clipId !== undefined) ? page : undefined;
      },
      10_000,
      200,
    );
    expect(appearances.items).toHaveLength(1);
    expect(appearances.items[0]).toMatchObject({ open: false, clipId: clip.id });
    const feed = JSON.parse(new TextDecoder().decode(await env.store.objects.getBytes('feeds/clips.json'))) as {
      clips: { id: string }[];
    };
    expect(feed.clips.map((c) => c.id)).toContain(clip.id);
    const labels = JSON.parse(new TextDecoder().decode(await env.store.objects.getBytes('feeds/labels.json'))) as {
      labels: { channel: string; name: string }[];
    };
    expect(labels.labels.filter((l) => l.channel === 'demo').map((l) => l.name)).toEqual(['Cat']);

    // prekog was told twice (opened, closed); a retried close makes no second clip.
    expect(sent.map((e) => e.kind)).toEqual(['opened', 'closed']);
    expect(sent[1]).toMatchObject({
      appearanceId: appearances.items[0]!.id,
      closeReason: 'cut',
      detectorCalls: clip.detectorCalls,
    });
    const alreadyDone = (): number =>
      env.prekog.logs.filter((l) => l.includes('appearance already has its clip')).length;
    const before = alreadyDone();
    const replay = createParseDeps(config, { clients: env.clients, logger }).prekog;
    await replay.invoke(sent[1]!);
    await replay.invoke(sent[1]!);
    // Both replays handled (each answered "already has its clip"), and still one clip.
    await waitFor(
      'prekog to turn both replays away',
      async () => (alreadyDone() >= before + 2 ? true : undefined),
      30_000,
    );
    expect(await clipsOf('demo')).toHaveLength(1);
    expect(alreadyDone()).toBeGreaterThanOrEqual(2);
  }, 300_000);

  it('two overlapping runs process every segment once, write no frame twice and cut one clip per appearance', async () => {
    const config = env.config({ CHANNEL_ID: 'overlap' });
    // A starts at the live edge (as if an earlier run had got there); B starts while A holds the
    // channel and waits for it. A's budget ends once it has done 4 segments and B has waited 6 s;
    // B then carries on from A's cursor and ends after 4 segments of its own. 8 consecutive 1 s
    // segments of the 6 s loop always hold one whole cat appearance (opening and closing cut).
    const newest = Math.floor((Date.now() - env.channel.programStartMs) / SEGMENT_MS) - 1;
    const t0 = Date.now();
    const processed = { a: 0, b: 0 };
    const logsA = memorySink((e) => void (e.message === 'segment processed' && processed.a++));
    const logsB = memorySink((e) => void (e.message === 'segment processed' && processed.b++));
    let bStartedAt = Number.POSITIVE_INFINITY;
    const depsA = createParseDeps(config, {
      clients: env.clients,
      logger: logsA,
      detector: testDetection(config, env.clients),
      source: () =>
        createHlsSource({
          url: config.hlsUrl,
          allowedHosts: [],
          start: 'window',
          ...(newest >= 2 ? { state: { lastMediaSequence: newest - 2 } } : {}),
        }),
    });
    const runA = runParse(
      config,
      depsA,
      contextUntilDone(() => processed.a >= 4 && Date.now() - bStartedAt >= 6_000, t0 + 90_000, 'run-a'),
    );
    await sleep(2_000);
    bStartedAt = Date.now();
    const runB = runParse(
      config,
      createParseDeps(config, { clients: env.clients, logger: logsB, detector: testDetection(config, env.clients) }),
      contextUntilDone(() => processed.b >= 4, t0 + 150_000, 'run-b'),
    );
    const [a, b] = await Promise.all([runA, runB]);

    expect(
      a.errors + b.errors,
      JSON.stringify([...logsA.entries, ...logsB.entries].filter((e) => e.level !== 'info')),
    ).toBe(0);
    expect(a.segments).toBeGreaterThanOrEqual(2);
    expect(b.segments).toBeGreaterThanOrEqual(2);
    expect(b.waitedForLeaseMs).toBeGreaterThan(5_000);

    const segments = (await env.store.segments.listBySequence('overlap', 0, 1_000_000, { limit: 1000 })).items;
    expect(segments.length).toBe(a.segments + b.segments);
    for (const s of segments)
      expect({ seq: s.mediaSequence, status: s.status, attempts: s.attempts }).toEqual({
        seq: s.mediaSequence,
        status: 'done',
        attempts: 1,
      });
    const sequences = segments.map((s) => s.mediaSequence);
    // No hole between the runs: B carried on right after A's last segment.
    expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, i) => sequences[0]! + i));

    const frames = (await env.store.frames.between('overlap', 0, Date.now() + 60_000, { limit: 1000 })).items;
    const keys = frames.map((f) => `${f.mediaSequence}/${f.index}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(frames.length).toBe(a.samples + b.samples);

    // Settled: every clip finished and every closed appearance linked to its clip (prekog's last write).
    await waitFor(
      'prekog to settle',
      async () => {
        const settled = (await clipsOf('overlap')).every((c) => c.status === 'ready' || c.status === 'failed');
        const linked = (await env.store.appearances.listForChannel('overlap', 'Cat', { limit: 50 })).items.every(
          (x) => x.open || x.clipId !== undefined,
        );
        return settled && linked ? true : undefined;
      },
      90_000,
    );
    const appearances = (await env.store.appearances.listForChannel('overlap', 'Cat', { limit: 50 })).items;
    const clips = await clipsOf('overlap');
    const closed = appearances.filter((x) => !x.open);
    expect(closed.length).toBeGreaterThanOrEqual(1);
    expect(clips.length).toBe(closed.length);
    expect(new Set(closed.map((x) => x.clipId)).size).toBe(closed.length);
  }, 200_000);
});
