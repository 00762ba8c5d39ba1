/**
 * A person trigger end to end on real parts: the demo channel's astronaut scene (Eileen Collins),
 * the real local detector, the named-faces gallery (tests/fixtures/faces/gallery), dynalite +
 * s3rver, and prekog behind the local Lambda endpoint. `LABELS=Celebrity:Eileen Collins` must clip
 * her scene exactly as a Cat trigger clips the cat: first and last frame exact.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { frameLabel, type CelebritiesFeed } from '@catfinder/store';
import { SHORT_PROGRAMME } from '@catfinder/demo-channel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHlsSource } from '../../src/hls-source';
import { runParse } from '../../src/run-parse';
import { createParseDeps } from '../../src/wiring';
import { testDetection } from '../helpers/test-detector';
import { contextUntil, memorySink, startPipelineEnv, waitFor, type PipelineEnv } from '../helpers/pipeline-env';

// SHORT_PROGRAMME: 1 s segments, a 6 s loop; the astronaut plays frames 0-44 of each loop (the
// loop's first segment and half of the second), closed by the cut to the cat (sequence +1, index 15).
const SEGMENT_MS = 1000;
const LOOP_SEGMENTS = 6;
const GALLERY = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'faces', 'gallery');

let env: PipelineEnv;
const savedFacesDir = process.env.FACES_DIR;
beforeAll(async () => {
  env = await startPipelineEnv(30, SHORT_PROGRAMME);
  // Read by the wiring (libs/vision createFaceRecognizerFromEnv), as in a local run.
  process.env.FACES_DIR = GALLERY;
});
afterAll(async () => {
  if (savedFacesDir === undefined) delete process.env.FACES_DIR;
  else process.env.FACES_DIR = savedFacesDir;
  await env?.stop();
});

describe('a person trigger on the demo channel', () => {
  it("clips Eileen Collins's scene frame-accurately, as a Cat trigger clips the cat, and lists her in feeds/celebrities.json", async () => {
    // The newest loop whose closing cut is listed; the follower resumes one segment before the
    // loop so the loop's first frame is scored against the previous segment (the opening cut).
    const newestListed = () => Math.floor((Date.now() - env.channel.programStartMs) / SEGMENT_MS) - 1;
    await waitFor(
      'a whole loop after the first',
      async () => (newestListed() >= LOOP_SEGMENTS + 1 ? true : undefined),
      30_000,
    );
    const loopStart = Math.floor((newestListed() - 1) / LOOP_SEGMENTS) * LOOP_SEGMENTS;
    const stopAfter = loopStart + 1;
    const context = contextUntil(Date.now() + 170_000, 'person');
    const logger = memorySink((e) => {
      if (e.message === 'segment processed' && Number(e.extra?.['sequence']) >= stopAfter) context.stop();
    });
    const config = env.config({ CHANNEL_ID: 'demo', LABELS: 'Celebrity:Eileen Collins:90' });
    const deps = createParseDeps(config, {
      clients: env.clients,
      logger,
      detector: testDetection(config, env.clients),
      source: () =>
        createHlsSource({ url: config.hlsUrl, allowedHosts: [], state: { lastMediaSequence: loopStart - 2 } }),
    });
    const summary = await runParse(config, deps, context);
    expect(summary.errors, JSON.stringify(logger.entries.filter((e) => e.level !== 'info'))).toBe(0);
    expect(summary.appearancesOpened).toBe(1);
    expect(summary.appearancesClosed).toBe(1);

    const clip = await waitFor(
      'her clip to be ready',
      async () =>
        (await env.store.clips.listByChannel('demo', { limit: 10 })).items.find(
          (c) => c.status === 'ready' || c.status === 'failed',
        ),
      120_000,
    );
    expect(clip.status, clip.reason).toBe('ready');
    expect(clip.label).toBe('Eileen Collins');
    const loopStartMs = env.channel.frameTime(loopStart * 30);
    const [scene] = env.channel.occurrences(loopStartMs, loopStartMs + LOOP_SEGMENTS * SEGMENT_MS, 'astronaut');
    expect(clip.startFrame).toBe(frameLabel(scene!.startMs, 30));
    expect(clip.endFrame).toBe(frameLabel(scene!.lastFrameMs, 30));
    expect(clip.frameCount).toBe(45);
    expect(clip.verification?.passed).toBe(true);

    const feed = JSON.parse(
      new TextDecoder().decode(await env.store.objects.getBytes('feeds/celebrities.json')),
    ) as CelebritiesFeed;
    const [eileen] = feed.celebrities;
    expect(feed.celebrities).toHaveLength(1);
    expect(eileen).toMatchObject({
      channel: 'demo',
      name: 'Eileen Collins',
      id: 'named:Eileen Collins',
      source: 'named-faces',
      urls: ['www.wikidata.org/wiki/Q233816'],
    });
    expect(eileen!.count).toBeGreaterThanOrEqual(1);
    expect(eileen!.confidence).toBeGreaterThanOrEqual(90);
    expect(new Date(eileen!.firstSeen).getTime()).toBe(scene!.startMs);
    expect(
      await env.store.objects.head(eileen!.thumbnailUrl!.split('/').map(decodeURIComponent).join('/')),
    ).toMatchObject({ contentType: 'image/jpeg' });
  }, 300_000);
});
