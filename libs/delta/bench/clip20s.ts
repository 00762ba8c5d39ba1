/**
 * `nx run delta:bench` — a 20 s clip (600 frames at 30 fps) over 2 s segments of the demo
 * channel, through the whole built-in clipper with the local stand-ins: list archived segments
 * (DynamoDB), fetch them (S3), smart cut + verify (ffmpeg), publish MP4/poster/HLS (S3), record
 * and feed. Three clips with different bounds; the medians are printed.
 * Last line: `bench delta: clip20s_total_s=… fetch_s=… cut_s=… publish_s=…`.
 */
import { startDemoChannel } from '@catfinder/demo-channel';
import { createDynamoClient, createS3Client, createStore } from '@catfinder/store';
import { STAND_IN_CREDENTIALS, STAND_IN_REGION, startStandIns } from '@catfinder/store/testing';
import { BuiltinClipper } from '../src/builtin/clipper';
import { storeClipperStore } from '../src/store-adapter';
import { collectLiveSegments } from '../tests/helpers/demo-archive';

const CHANNEL = 'bench';
const CLIP_FRAMES = 600;
const RUNS = 3;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const [standIns, channel] = await Promise.all([
    startStandIns(),
    startDemoChannel({ segmentSeconds: 2, windowSegments: 16 }),
  ]);
  const s3 = createS3Client({
    endpoint: standIns.s3.endpoint,
    region: STAND_IN_REGION,
    credentials: STAND_IN_CREDENTIALS,
  });
  const dynamo = createDynamoClient({
    endpoint: standIns.dynamodb.endpoint,
    region: STAND_IN_REGION,
    credentials: STAND_IN_CREDENTIALS,
  });
  const db = createStore({ env: standIns.env, s3, dynamo });
  try {
    const perSegment = channel.schedule.framesPerSegment;
    const fps = channel.schedule.fps;
    // 600 frames starting mid-segment (plus one frame per run) span 11 segments.
    const segmentsNeeded = Math.ceil((CLIP_FRAMES + perSegment / 2 + RUNS) / perSegment);
    console.log(`waiting for ${segmentsNeeded} live segments of ${channel.schedule.segmentSeconds} s…`);
    const segments = await collectLiveSegments(channel.mediaUrl, 1, segmentsNeeded, 180_000);
    await channel.stop();
    for (const s of segments) {
      const startTime = channel.frameTime(s.mediaSequence * perSegment);
      const claim = await db.segments.claim(CHANNEL, s.mediaSequence, {
        owner: 'bench',
        info: { startTime, duration: s.duration },
      });
      if (!claim.claimed) throw new Error(`could not claim segment ${s.mediaSequence}`);
      const archiveKey = await db.objects.putSegmentArchive(CHANNEL, s.mediaSequence, 'ts', s.bytes);
      await db.segments.complete(CHANNEL, s.mediaSequence, claim.token, { archiveKey, discontinuitySequence: 0 });
    }

    const clipper = new BuiltinClipper({ store: storeClipperStore(db) });
    const totals: number[] = [];
    const fetches: number[] = [];
    const cuts: number[] = [];
    const publishes: number[] = [];
    const firstFrame = 1 * perSegment + Math.floor(perSegment / 2);
    for (let run = 0; run < RUNS; run += 1) {
      const startAbs = firstFrame + run;
      const endAbs = startAbs + CLIP_FRAMES - 1;
      const ref = (abs: number) => ({
        mediaSequence: Math.floor(abs / perSegment),
        index: abs % perSegment,
        time: new Date(channel.frameTime(abs)).toISOString(),
      });
      const t0 = performance.now();
      const result = await clipper.createClip({
        channel: CHANNEL,
        label: 'Cat',
        startFrame: ref(startAbs),
        endFrame: ref(endAbs),
        frameRate: fps,
      });
      const total = (performance.now() - t0) / 1000;
      const { clip, timings } = result;
      if (clip.status !== 'ready' || !timings || clip.frameCount !== CLIP_FRAMES) {
        throw new Error(`clip ${run} not ready: ${clip.status} ${clip.reason ?? ''} (${clip.frameCount} frames)`);
      }
      console.log(
        `run ${run}: total ${total.toFixed(3)} s, fetch ${timings.fetchSeconds.toFixed(3)} s, cut ${timings.cutSeconds.toFixed(3)} s (${clip.method}, ${clip.verification?.detail}), publish ${timings.publishSeconds.toFixed(3)} s; cut stages ms ${JSON.stringify(timings.cutStagesMs ?? {})}`,
      );
      totals.push(total);
      fetches.push(timings.fetchSeconds);
      cuts.push(timings.cutSeconds);
      publishes.push(timings.publishSeconds);
    }
    const f = (x: number): string => x.toFixed(3);
    console.log(
      `bench delta: clip20s_total_s=${f(median(totals))} fetch_s=${f(median(fetches))} cut_s=${f(median(cuts))} publish_s=${f(median(publishes))}`,
    );
  } finally {
    await channel.stop();
    db.close();
    s3.destroy();
    await standIns.stop({ removeData: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
