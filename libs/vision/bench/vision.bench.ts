/**
 * `nx run vision:bench`: local detector on 640x360 JPEG frames (the fixtures letterboxed and
 * cover-cropped, plain and mirrored). load_s = WASM backend + model load in this fresh process;
 * infer_*_s = end-to-end detectLabels (JPEG decode, pad/resize, forward pass, labels) per frame
 * after one warm-up call; rss_mb = peak resident set size; cat precision/recall at the default
 * Cat trigger (name match, DEFAULT_CAT_MIN_CONFIDENCE) over the frames.
 */
import { createLocalDetector, DEFAULT_CAT_MIN_CONFIDENCE, matchTrigger } from '../src/index';
import { buildFrames, score } from '../eval/eval-set';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const frames = await buildFrames();
const detector = createLocalDetector();
const load_s = await detector.warmUp();
await detector.detectLabels(frames[0]!.bytes); // first call compiles WASM kernels; not a steady-state figure

const timings: number[] = [];
// CPU seconds per call as well: on a shared, overloaded host wall time mostly measures waiting.
const cpuTimings: number[] = [];
const decisions: Array<{ truth: boolean; predicted: boolean }> = [];
let peakRss = process.memoryUsage().rss;
for (let round = 0; round < ROUNDS; round++) {
  for (const frame of frames) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const { Labels } = await detector.detectLabels(frame.bytes);
    timings.push((performance.now() - started) / 1000);
    const cpu = process.cpuUsage(cpuStarted);
    cpuTimings.push((cpu.user + cpu.system) / 1e6);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (round === 0) {
      decisions.push({ truth: frame.truth.includes('Cat'), predicted: matchTrigger(Labels, { label: 'Cat', minConfidence: DEFAULT_CAT_MIN_CONFIDENCE })?.via === 'name' });
    }
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const cat = score(decisions);
const load = (await import('node:os')).loadavg()[0]?.toFixed(1);
console.log(`frames=${frames.length} rounds=${ROUNDS} inferences=${timings.length} loadavg_1m=${load} infer_cpu_p50_s=${percentile(cpuTimings, 50).toFixed(3)} infer_cpu_p95_s=${percentile(cpuTimings, 95).toFixed(3)} cat_frames=${decisions.filter((d) => d.truth).length} tp=${cat.tp} fp=${cat.fp} fn=${cat.fn}`);
console.log(
  `bench vision: load_s=${load_s.toFixed(3)} infer_p50_s=${percentile(timings, 50).toFixed(3)} infer_p95_s=${percentile(timings, 95).toFixed(3)}` +
    ` rss_mb=${(peakRss / 1024 / 1024).toFixed(0)} cat_recall=${cat.recall.toFixed(3)} cat_precision=${cat.precision.toFixed(3)}`,
);
