/**
 * A cat that walks into a scene without a cut, on the real demo channel with the real local
 * detector and the reuse rule on: the samples of the still coffee before it reuse the cut's
 * labels, and the walk-in must still be sent and open an appearance on time — at the latest on the
 * first sample after the cat has fully entered.
 *
 * The programme is the showcase's last two scenes alone (WALK_IN_PROGRAMME): its rocket, cut to
 * its coffee scene with the same walk-in (the cat slides in from the right 3.7 s after the cut,
 * settled 1 s later). The coffee starts at index 15 of a 2 s segment as in the showcase, so the
 * samples fall on the same frames of the scene; the loop is 12 s (6 segments) instead of 30 s, so
 * the test need not wait ~20 s of live time for the showcase's loop to reach its coffee scene.
 */
import { createHash } from 'node:crypto';
import { SHOWCASE_PROGRAMME, visibleIntervals, type DemoChannelOptions } from '@catfinder/demo-channel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Detector } from '../../src/ports';
import { runParse } from '../../src/run-parse';
import { createParseDeps } from '../../src/wiring';
import { createHlsSource } from '../../src/hls-source';
import { testDetector } from '../helpers/test-detector';
import { contextUntil, memorySink, sleep, startPipelineEnv, type PipelineEnv } from '../helpers/pipeline-env';

const [, , , SHOWCASE_ROCKET, SHOWCASE_COFFEE] = SHOWCASE_PROGRAMME.scenes;
/** Rocket 0–2.5 s (frames 0–74), coffee with the walk-in 2.5–12 s (cut at sequence 1, index 15). */
const WALK_IN_PROGRAMME = {
  segmentSeconds: 2,
  scenes: [{ ...SHOWCASE_ROCKET, seconds: 2.5 }, SHOWCASE_COFFEE],
} as const satisfies DemoChannelOptions;
const SEGMENT_MS = 2000;
const LOOP_SEGMENTS = 6;
/** First segment processed: the rocket scene before the coffee. */
const FIRST = 0;
/** The next loop's first segment: its cut to the rocket ends the coffee scene. */
const LAST = LOOP_SEGMENTS;
const HALF_FRAME_MS = 1000 / 30 / 2;

let env: PipelineEnv;
beforeAll(async () => {
  env = await startPipelineEnv(30, WALK_IN_PROGRAMME);
});
afterAll(async () => {
  await env?.stop();
});

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('a cat walking in mid-scene', () => {
  it('is sent to the detector although the samples before it were reused, and opens an appearance on time', async () => {
    const listed = (): number => Math.floor((Date.now() - env.channel.programStartMs) / SEGMENT_MS) - 1;
    // The follower resumes before FIRST: wait (once, at most ~3 s after the channel starts) until it is listed.
    await sleep(Math.max(0, env.channel.programStartMs + (FIRST + 1.5) * SEGMENT_MS - Date.now()));
    const loopStart = Math.floor((listed() - FIRST) / LOOP_SEGMENTS) * LOOP_SEGMENTS;
    const config = env.config({ CHANNEL_ID: 'walkin', LABELS: 'Cat' });
    const context = contextUntil(Date.now() + 150_000, 'walk-in');
    const logger = memorySink((e) => {
      if (e.message === 'segment processed' && Number(e.extra?.['sequence']) >= loopStart + LAST) context.stop();
    });
    // Records what was really sent, to tell sent samples from reused ones.
    const sent = new Set<string>();
    const load = testDetector(config);
    let recording: Promise<Detector> | undefined;
    const deps = createParseDeps(config, {
      clients: env.clients,
      logger,
      detector: () =>
        (recording ??= load().then((d) => ({
          ...d,
          detect: (image: Uint8Array) => (sent.add(sha(image)), d.detect(image)),
        }))),
      source: () =>
        createHlsSource({ url: config.hlsUrl, allowedHosts: [], state: { lastMediaSequence: loopStart + FIRST - 1 } }),
    });
    const summary = await runParse(config, deps, context);
    expect(summary.errors, JSON.stringify(logger.entries.filter((e) => e.level !== 'info'))).toBe(0);
    expect(summary.gaps).toBe(0);
    expect(summary.lastSequence).toBeGreaterThanOrEqual(loopStart + LAST);

    const from = env.channel.frameTime((loopStart + FIRST) * 60);
    const to = env.channel.frameTime((loopStart + LAST) * 60);
    const walkIn = visibleIntervals(env.channel.schedule, env.channel.programStartMs, from, to, 'cat').find(
      (o) => o.firstSegment.index !== 0 && o.startMs > from,
    );
    expect(walkIn, 'the coffee scene of this loop has a walk-in').toBeDefined();
    const coffee = env.channel.occurrences(from, to, 'coffee')[0]!;
    const spec = env.channel.schedule.scenes.find((s) => s.walkIn !== undefined)!.walkIn!;
    const settledMs = env.channel.frameTime(walkIn!.firstFrame + (spec.settledFrame - spec.firstFrame));

    const frames = (await env.store.frames.between('walkin', from, to + SEGMENT_MS, { limit: 1000 })).items;
    const wasSent = async (imageKey: string | undefined): Promise<boolean> =>
      sent.has(sha((await env.store.objects.getBytes(imageKey!))!));
    // Before the cat: the coffee's cut was sent, and a later sample of the still coffee reused its labels.
    // Half a frame of slack: a sample's time is the playlist's (ms-rounded) clock plus its offset.
    const beforeCat = frames.filter(
      (f) => f.time >= coffee.startMs - HALF_FRAME_MS && f.time < walkIn!.startMs - HALF_FRAME_MS,
    );
    expect(beforeCat[0]?.isCut).toBe(true);
    expect(await wasSent(beforeCat[0]!.imageKey)).toBe(true);
    const reusedBefore = await Promise.all(beforeCat.slice(1).map(async (f) => !(await wasSent(f.imageKey))));
    expect(reusedBefore, "a sample of the still coffee reused the cut's labels").toContain(true);

    // The appearance: opened by a sample that was sent, no cut, no earlier than the cat's first
    // visible frame and no later than the first sample after it has fully entered.
    const appearances = (await env.store.appearances.listForChannel('walkin', 'Cat', { limit: 10 })).items;
    expect(appearances).toHaveLength(1);
    const firstSettled = frames.find((f) => f.time >= settledMs - HALF_FRAME_MS)!;
    expect(firstSettled).toBeDefined();
    const opening = frames.find((f) => f.time === appearances[0]!.start)!;
    expect(opening).toBeDefined();
    expect(opening.isCut).toBe(false);
    expect(await wasSent(opening.imageKey)).toBe(true);
    expect(opening.time).toBeGreaterThanOrEqual(walkIn!.startMs - HALF_FRAME_MS);
    expect(opening.time).toBeLessThanOrEqual(firstSettled.time);
    // It ends with the scene: the next loop's cut closes it.
    expect(appearances[0]!.open).toBe(false);
  }, 240_000);
});
