/**
 * `nx run vision:bench`: the local detector on 640x360 JPEG frames (the fixtures letterboxed and
 * cover-cropped, plain and mirrored), as shipped (threads from LOCAL_DETECTOR_THREADS, else the
 * default).
 * - load_s: WASM backend (incl. starting its worker threads) + both models (CenterNet and the SSD
 *   second opinion) loaded in this fresh process.
 * - warm-up: ONE detectLabels call on the first frame before timing, because the first forward
 *   pass creates the XNNPACK operators and packs the weights (~3x a steady call). Its time is
 *   printed as warmup_s on the line before the last, not hidden.
 * - infer_*_s: wall time of every later end-to-end detectLabels call (JPEG decode, pad/resize,
 *   forward pass, labels) over ROUNDS rounds of all frames; cpu_* the process CPU time of the same
 *   calls (all threads), because on a shared host wall time also measures waiting for a core.
 * - rss_mb: the process's peak resident set (getrusage maxrss: every thread, worker threads included).
 * - cat_recall / cat_precision: the pipeline's decision (default MinConfidence, then the Cat
 *   trigger at DEFAULT_CAT_MIN_CONFIDENCE, as `nx run vision:eval`) on the 102 photos of the pets
 *   set. Those calls are timed too (`pets_infer_p50_s` on the line before the last): nearly every
 *   pet photo has a cat or cat-like candidate, so most of them pay for the second look, unlike
 *   video frames, where most samples have no cat candidate.
 */
import { availableParallelism, loadavg } from 'node:os';
import { createDetectorFromEnv, DEFAULT_CAT_MIN_CONFIDENCE, matchTrigger, type LocalDetector } from '../src/index';
import { buildFrames, PETS_DIR, readTruthSet, score } from '../eval/eval-set';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const frames = await buildFrames();
const detector = createDetectorFromEnv({ ...process.env, DETECTOR: 'local' }) as LocalDetector;
const load_s = await detector.warmUp();
const runtime = await detector.runtimeInfo();
const warmStarted = performance.now();
await detector.detectLabels(frames[0]!.bytes);
const warmup_s = (performance.now() - warmStarted) / 1000;

const timings: number[] = [];
const cpuTimings: number[] = [];
const decisions: Array<{ truth: boolean; predicted: boolean }> = [];
const loadStart = loadavg()[0]!;
for (let round = 0; round < ROUNDS; round++) {
  for (const frame of frames) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const { Labels } = await detector.detectLabels(frame.bytes);
    timings.push((performance.now() - started) / 1000);
    const cpu = process.cpuUsage(cpuStarted);
    cpuTimings.push((cpu.user + cpu.system) / 1e6);
    if (round === 0) {
      decisions.push({
        truth: frame.truth.includes('Cat'),
        predicted: matchTrigger(Labels, { label: 'Cat', minConfidence: DEFAULT_CAT_MIN_CONFIDENCE })?.via === 'name',
      });
    }
  }
}
// The pets set: the same decision as the pipeline (labels ≥ the default MinConfidence, then the trigger).
const pets = await readTruthSet(PETS_DIR);
const petTimings: number[] = [];
const petDecisions: Array<{ truth: boolean; predicted: boolean }> = [];
for (const image of pets) {
  const started = performance.now();
  const { Labels } = await detector.detectLabels(image.bytes);
  petTimings.push((performance.now() - started) / 1000);
  petDecisions.push({
    truth: image.truth.includes('Cat'),
    predicted: matchTrigger(Labels, { label: 'Cat', minConfidence: DEFAULT_CAT_MIN_CONFIDENCE }) !== undefined,
  });
}
const loadEnd = loadavg()[0]!;
// maxRSS is in KiB on Linux and covers every thread of the process.
const peakRssMb = Math.max(process.resourceUsage().maxRSS / 1024, process.memoryUsage().rss / 1024 / 1024);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const cat = score(decisions);
const petCat = score(petDecisions);
console.log(
  `wasm=${runtime.wasmFile} threads=${runtime.threads}${runtime.threadsFallbackReason ? ` threads_fallback="${runtime.threadsFallbackReason}"` : ''} cores=${availableParallelism()}` +
    ` frames=${frames.length} rounds=${ROUNDS} inferences=${timings.length} warmup_s=${warmup_s.toFixed(3)}` +
    ` loadavg_1m_start=${loadStart.toFixed(1)} loadavg_1m_end=${loadEnd.toFixed(1)}` +
    ` infer_cpu_p50_s=${percentile(cpuTimings, 50).toFixed(3)} infer_cpu_p95_s=${percentile(cpuTimings, 95).toFixed(3)} infer_min_s=${Math.min(...timings).toFixed(3)}` +
    ` frame_cats=${decisions.filter((d) => d.truth).length} frame_tp=${cat.tp} frame_fp=${cat.fp} frame_fn=${cat.fn}` +
    ` pets=${pets.length} pets_infer_p50_s=${percentile(petTimings, 50).toFixed(3)} pets_infer_p95_s=${percentile(petTimings, 95).toFixed(3)} pets_tp=${petCat.tp} pets_fp=${petCat.fp} pets_fn=${petCat.fn}`,
);
console.log(
  `bench vision: load_s=${load_s.toFixed(3)} infer_p50_s=${percentile(timings, 50).toFixed(3)} infer_p95_s=${percentile(timings, 95).toFixed(3)}` +
    ` rss_mb=${peakRssMb.toFixed(0)} cat_recall=${petCat.recall.toFixed(3)} cat_precision=${petCat.precision.toFixed(3)}`,
);
