/**
 * `nx run parse-lambda:bench`: the whole pipeline on the local stand-ins and the demo channel,
 * at real-time pace for 3 minutes (three consecutive 60 s parse runs, as the every-minute
 * schedule would make them), with prekog cutting clips in its own process behind the local
 * Lambda endpoint. Measured, not estimated:
 *   segments            segments processed by the three runs
 *   analyse_p50_s       median ffmpeg analysis time of one segment
 *   detect_calls_per_min detector calls per minute of stream
 *   reused_per_min      samples per minute that reused an earlier sample's labels instead of a
 *                       call (libs/vision reuse rule): samples − calls that got an answer (one
 *                       high per sample whose two attempts both failed; errors are printed)
 *   clip_latency_p50_s / clip_latency_max_s  DESIGN.md latency of every ready clip (from the
 *                       moment the segment holding its last frame was listed to the clip being
 *                       listed in the feed), as recorded on the clip
 *   frame_errors        clips whose first/last frame or frame count differ from the demo channel's
 *                       known cat scene, plus clips that failed
 *   rss_mb              peak resident memory of this (parse) process
 *   lag_end_s           how far behind live the last segment was finished (a growing backlog shows here)
 *
 * Options (defaults keep the bench line comparable from run to run):
 *   --size WxH             the demo channel's picture size (default 640x360)
 *   --segment-seconds N    the demo channel's segment length (default 2)
 *   --gop-seconds N        the demo channel's keyframe interval (default: the segment length)
 * e.g. `nx run parse-lambda:bench -- --size 1280x720 --segment-seconds 6` (issue 20: keeps up at 720p, 6 s segments).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  buildSchedule,
  checkSize,
  DEFAULT_SCENES,
  DemoChannelOptionsError,
  type DemoChannel,
  type PictureSize,
} from '@catfinder/demo-channel';
import { frameLabel, type ClipRecord, type FrameRecord } from '@catfinder/store';
import { createHlsSource } from '../src/hls-source';
import { runParse, type ParseSummary } from '../src/run-parse';
import { createParseDeps } from '../src/wiring';
import { contextUntil, memorySink, sleep, startPipelineEnv } from '../tests/helpers/pipeline-env';

const RUNS = 3;
const RUN_SECONDS = 60;

const flags = {
  size: { type: 'string', default: '640x360' },
  'segment-seconds': { type: 'string', default: '2' },
  'gop-seconds': { type: 'string' },
} as const;

const FLAG_OF_INPUT: Record<string, '--size' | '--segment-seconds' | '--gop-seconds'> = {
  size: '--size',
  segmentSeconds: '--segment-seconds',
  gopSeconds: '--gop-seconds',
};

interface BenchOptions {
  readonly size: PictureSize;
  readonly segmentSeconds: number;
  readonly gopSeconds?: number;
}

/** The bench's command-line options, checked before anything starts: one clear error naming the option. */
function benchOptions(argv: readonly string[]): BenchOptions {
  let values: { size: string; 'segment-seconds': string; 'gop-seconds'?: string };
  try {
    ({ values } = parseArgs({ args: [...argv], options: flags, strict: true, allowPositionals: false }));
  } catch (error) {
    // node:util's own message names the option (unknown option, missing value).
    throw new Error(
      `bench pipeline: ${(error as Error).message} (options: --size WxH, --segment-seconds N, --gop-seconds N)`,
      {
        cause: error,
      },
    );
  }
  const size = /^(\d+)x(\d+)$/.exec(values.size);
  const segmentSeconds = Number(values['segment-seconds']);
  const gopSeconds = values['gop-seconds'] === undefined ? undefined : Number(values['gop-seconds']);
  try {
    if (!size) throw new DemoChannelOptionsError(`--size must be WIDTHxHEIGHT, e.g. 1280x720`, { input: 'size' });
    // The demo channel's own checks: even sizes in bounds, whole frames per segment and per GOP.
    buildSchedule(DEFAULT_SCENES, segmentSeconds, undefined, gopSeconds);
    const checked = { size: checkSize({ width: Number(size[1]), height: Number(size[2]) }), segmentSeconds };
    return gopSeconds === undefined ? checked : { ...checked, gopSeconds };
  } catch (error) {
    if (!(error instanceof DemoChannelOptionsError)) throw error;
    const flag = FLAG_OF_INPUT[error.input ?? 'size'] ?? '--size';
    const given = {
      '--size': values.size,
      '--segment-seconds': values['segment-seconds'],
      '--gop-seconds': values['gop-seconds'],
    }[flag];
    throw new Error(`bench pipeline: ${flag} ${JSON.stringify(given)}: ${error.message}`, { cause: error });
  }
}

let options: ReturnType<typeof benchOptions>;
try {
  options = benchOptions(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
console.log(
  `channel: ${options.size.width}x${options.size.height}, ${options.segmentSeconds} s segments, ${options.gopSeconds ?? options.segmentSeconds} s GOPs; load=${loadavg()
    .map((x) => x.toFixed(1))
    .join('/')}`,
);

const env = await startPipelineEnv(
  30,
  {
    size: options.size,
    segmentSeconds: options.segmentSeconds,
    ...(options.gopSeconds === undefined ? {} : { gopSeconds: options.gopSeconds }),
  },
  // Outside vitest: stand-ins of its own, and the detector's threads as deployed.
  { ownStandIns: true, deployedThreads: true },
);
const { schedule } = env.channel;
let peakRss = process.memoryUsage().rss;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 500);
try {
  const config = env.config({ CHANNEL_ID: 'bench' });
  const newest = Math.floor((Date.now() - env.channel.programStartMs) / (schedule.segmentSeconds * 1000)) - 1;
  const loopStart = Math.max(0, Math.floor(newest / schedule.programSegments) * schedule.programSegments);
  const summaries: ParseSummary[] = [];
  const lags: number[] = [];
  const logger = memorySink((e) => {
    if (e.message === 'segment processed') {
      const seq = Number(e.extra?.['sequence']);
      lags.push((Date.now() - env.channel.frameTime((seq + 1) * schedule.framesPerSegment)) / 1000);
    }
  });
  const started = Date.now();
  // One set of deps for every run, as the Lambda handler keeps them in a warm container (and the
  // local stack for its whole life): the detector and the reuse state survive from run to run.
  const deps = createParseDeps(config, {
    clients: env.clients,
    logger,
    // Run 1 starts right before a loop (a clean first cat scene); later runs resume from the cursor.
    source: (state) =>
      createHlsSource({
        url: config.hlsUrl,
        allowedHosts: [],
        ...(state ? { state } : loopStart > 0 ? { state: { lastMediaSequence: loopStart - 1 } } : {}),
      }),
  });
  const runStarts: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    runStarts.push(processedEntries(logger.entries).length);
    summaries.push(
      await runParse(config, deps, contextUntil(started + (run + 1) * RUN_SECONDS * 1000, `bench-${run}`)),
    );
  }
  const minutes = (Date.now() - started) / 60_000;
  // Let prekog finish the last clips.
  const settleUntil = Date.now() + 60_000;
  let clips = (await env.store.clips.listByChannel('bench', { limit: 100 })).items;
  while (clips.some((c) => c.status === 'pending' || c.status === 'cutting') && Date.now() < settleUntil) {
    await sleep(1000);
    clips = (await env.store.clips.listByChannel('bench', { limit: 100 })).items;
  }
  const errors = summaries.reduce((n, s) => n + s.errors, 0);
  const segments = summaries.reduce((n, s) => n + s.segments, 0);
  const analyse = summaries.flatMap((s) => s.analyseMs).map((ms) => ms / 1000);
  const detectorCalls = summaries.reduce((n, s) => n + s.detectorCalls, 0);
  const answered = detectorCalls - summaries.reduce((n, s) => n + s.detectorErrors, 0);
  const reused = summaries.reduce((n, s) => n + s.samples, 0) - answered;
  const ready = clips.filter((c) => c.status === 'ready');
  const latencies = ready.map((c) => c.latencySeconds ?? Number.NaN);

  // Every cat clip must be exactly one cat occurrence of the program.
  const cats = env.channel.occurrences(env.channel.programStartMs, Date.now(), 'cat');
  let frameErrors = clips.length - ready.length;
  for (const c of ready) {
    const match = cats.find((o) => frameLabel(o.startMs, schedule.fps) === c.startFrame);
    if (
      !match ||
      frameLabel(match.lastFrameMs, schedule.fps) !== c.endFrame ||
      c.frameCount !== match.lastFrame - match.firstFrame + 1 ||
      c.verification?.passed !== true
    ) {
      frameErrors++;
      console.error(
        `frame error: clip ${c.id} ${c.startFrame} .. ${c.endFrame} (${c.frameCount} frames) does not match a cat scene`,
      );
    }
  }
  for (const c of clips.filter((x) => x.status !== 'ready'))
    console.error(`clip ${c.id} ${c.status}: ${c.reason ?? ''}`);
  if (errors > 0)
    console.error(
      `run errors: ${errors}`,
      JSON.stringify(logger.entries.filter((e) => e.level !== 'info').slice(0, 10)),
    );

  const p50 = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length === 0 ? Number.NaN : s[Math.floor((s.length - 1) / 2)]!;
  };
  const r = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : 'NaN');
  const stages = ['archiveMs', 'analyseMs', 'uploadMs', 'detectMs', 'writeMs'] as const;
  const processed = logger.entries
    .filter((e) => e.message === 'segment processed')
    .map((e) => e.extra?.['timings'] as Record<string, number>);
  const mean = (k: (typeof stages)[number]): number =>
    processed.reduce((n, t) => n + (t[k] ?? 0), 0) / Math.max(1, processed.length) / 1000;
  const total = stages.reduce((n, k) => n + mean(k), 0);
  console.log(
    `mean per segment (s): ${stages.map((k) => `${k.replace('Ms', '')}=${r(mean(k))}`).join(' ')} ` +
      `total=${r(total)} of ${schedule.segmentSeconds} s (${r((100 * total) / schedule.segmentSeconds, 0)}% of real time)`,
  );
  console.log(`lag behind live after each segment (s): ${lags.map((x) => r(x, 1)).join(' ')}`);
  console.log(`clip latency p50 by stage (s): ${latencyStages(ready, (xs) => r(p50(xs)))}`);
  console.log(
    `detector calls per minute by cause: ${callBreakdown(processedEntries(logger.entries), runStarts, minutes)}`,
  );
  const stored = (await env.store.frames.between('bench', env.channel.programStartMs, Date.now(), { limit: 1000 }))
    .items;
  console.log(`samples sent per minute by kind: ${sentBreakdown(stored, env.channel, minutes)}`);
  console.log(
    `runs=${RUNS} clips=${clips.length} ready=${ready.length} errors=${errors} load=${loadavg()
      .map((x) => x.toFixed(1))
      .join('/')}`,
  );
  console.log(
    `bench pipeline: segments=${segments} analyse_p50_s=${r(p50(analyse), 3)} detect_calls_per_min=${r(detectorCalls / minutes, 1)} reused_per_min=${r(reused / minutes, 1)} ` +
      `clip_latency_p50_s=${r(p50(latencies))} clip_latency_max_s=${r(Math.max(...latencies))} frame_errors=${frameErrors} ` +
      `rss_mb=${Math.round(peakRss / 1024 / 1024)} lag_end_s=${r(lags.at(-1) ?? Number.NaN, 1)}`,
  );
} finally {
  clearInterval(rssTimer);
  await env.stop();
}

/**
 * Where a clip's latency goes, from the clip record: `seen→asked` (the parse run analysing and
 * sampling the segment that ends the scene, then prekog asking for the clip: the latency less the
 * record's own life), `asked→cutting` (the hand-over to the cut) and `cutting→ready` (the cut,
 * its checks and upload).
 */
function latencyStages(ready: readonly ClipRecord[], p50: (xs: number[]) => string): string {
  const spans = {
    'seen→asked': (c: ClipRecord) => (c.latencySeconds ?? Number.NaN) * 1000 - (c.updatedAt - c.createdAt),
    'asked→cutting': (c: ClipRecord) => (c.cuttingSince ?? Number.NaN) - c.createdAt,
    'cutting→ready': (c: ClipRecord) => c.updatedAt - (c.cuttingSince ?? Number.NaN),
  };
  return Object.entries(spans)
    .map(([name, span]) => `${name}=${p50(ready.map((c) => span(c) / 1000).filter(Number.isFinite))}`)
    .join(' ');
}

/** The 'segment processed' log entries' counts, in processing order. */
function processedEntries(
  entries: readonly { message: string; extra?: Record<string, unknown> }[],
): { calls: number; cuts: number }[] {
  return entries
    .filter((e) => e.message === 'segment processed')
    .map((e) => ({ calls: Number(e.extra?.['detectorCalls'] ?? 0), cuts: Number(e.extra?.['cuts'] ?? 0) }));
}

/**
 * Where the calls went, from each segment's counts: a cut sample is always sent (`cuts`); the rest
 * are timed samples whose picture changed or went stale (`timed`), of which those on the first
 * segment of a run (`timed_first_of_run`) are the ones a carried reuse state would save.
 */
function callBreakdown(
  segments: readonly { calls: number; cuts: number }[],
  runStarts: readonly number[],
  minutes: number,
): string {
  let cuts = 0;
  let timed = 0;
  let firstOfRun = 0;
  segments.forEach((s, i) => {
    const fromCuts = Math.min(s.calls, s.cuts);
    cuts += fromCuts;
    timed += s.calls - fromCuts;
    if (runStarts.includes(i)) firstOfRun += s.calls - fromCuts;
  });
  const per = (n: number): string => (n / minutes).toFixed(1);
  return `cuts=${per(cuts)} timed=${per(timed)} timed_first_of_run=${per(firstOfRun)}`;
}

/**
 * What was really sent, from the stored sample records (each says whether it reused labels): the
 * cut samples, the process's very first sample (nothing to compare with), and the other sent
 * samples by the scene they show — the ones the reuse rule judged changed or stale.
 */
function sentBreakdown(
  samples: readonly FrameRecord[],
  channel: Pick<DemoChannel, 'occurrences'>,
  minutes: number,
): string {
  const ordered = [...samples].sort((a, b) => a.time - b.time);
  const sent = ordered.filter((s) => s.reused !== true);
  const cuts = sent.filter((s) => s.isCut).length;
  const first = sent[0] === ordered[0] && ordered[0] && !ordered[0].isCut ? 1 : 0;
  const byScene = new Map<string, number>();
  for (const s of sent.slice(first).filter((x) => !x.isCut)) {
    const scene = channel.occurrences(s.time, s.time + 1)[0]?.name ?? 'unknown';
    byScene.set(scene, (byScene.get(scene) ?? 0) + 1);
  }
  const per = (n: number): string => (n / minutes).toFixed(1);
  const timed = [...byScene.values()].reduce((a, b) => a + b, 0);
  const scenes = [...byScene].map(([name, n]) => `${name}:${n}`).join(',') || 'none';
  return `samples=${per(ordered.length)} cuts=${per(cuts)} first_of_process=${per(first)} timed=${per(timed)} (timed sent by scene, count: ${scenes})`;
}
