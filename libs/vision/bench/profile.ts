/**
 * `nx run vision:profile`: where one local-detector inference spends its time, in CPU seconds
 * (process.cpuUsage, all threads) as well as wall seconds, per stage, over the bench's 640x360
 * frames; then the heaviest kernels of the forward pass from `tf.profile` (best of 5 runs, wall
 * ms per kernel; an `…__op` entry wraps the kernel of the same name, so do not add both).
 * Threads: LOCAL_DETECTOR_THREADS, else the detector's automatic choice.
 */
import { loadavg } from 'node:os';
import { localThreadsFromEnv } from '../src/detector-from-env';
import { autoThreads } from '../src/local/local-detector';
import { prepareModelInput } from '../src/image/prepare-model-input';
import { buildLabels } from '../src/local/build-labels';
import { calibratedConfidence } from '../src/local/calibration';
import { decodeDetections } from '../src/local/centernet-decode';
import { defaultModelUrl, ensureBackend, loadModelOnce, tf } from '../src/local/tfjs-runtime';
import { LOCAL_IOU_THRESHOLD, LOCAL_SCORE_FLOOR, MODEL_INPUT_SIZE } from '../src/constants';
import { buildFrames } from '../eval/eval-set';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const threads = localThreadsFromEnv(process.env) ?? autoThreads();
const frames = await buildFrames();
const model = await loadModelOnce(defaultModelUrl(), threads);
const runtime = await ensureBackend(threads);

const stages = new Map<string, { wall: number[]; cpu: number[] }>();
async function timed<T>(stage: string, run: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const result = await run();
  const cpu = process.cpuUsage(cpuStarted);
  const entry = stages.get(stage) ?? { wall: [], cpu: [] };
  entry.wall.push((performance.now() - started) / 1000);
  entry.cpu.push((cpu.user + cpu.system) / 1e6);
  stages.set(stage, entry);
  return result;
}

for (let round = 0; round <= ROUNDS; round++) {
  for (const frame of frames) {
    const prepared = await timed('decode+pad+resize (sharp)', () =>
      prepareModelInput(frame.bytes, frame.name, MODEL_INPUT_SIZE),
    );
    const input = await timed('tensor creation', () =>
      tf.tensor4d(Float32Array.from(prepared.pixels), [1, prepared.size, prepared.size, 3], 'float32'),
    );
    const output = await timed('model.execute', () => model.execute(input, 'tower_0/detections') as tf.Tensor);
    const rows = await timed('output download', () => output.data());
    tf.dispose([input, output]);
    await timed('decode+NMS+taxonomy', () =>
      buildLabels(
        decodeDetections(rows as Float32Array, prepared, {
          scoreFloor: LOCAL_SCORE_FLOOR,
          iouThreshold: LOCAL_IOU_THRESHOLD,
        }),
        calibratedConfidence,
      ),
    );
  }
  if (round === 0) stages.clear(); // round 0 is the warm-up (first passes create the XNNPACK operators)
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
console.log(
  `wasm=${runtime.wasmFile} threads=${runtime.threads} frames=${frames.length} rounds=${ROUNDS} loadavg_1m=${loadavg()[0]!.toFixed(1)}`,
);
for (const [stage, { wall, cpu }] of stages) {
  console.log(`${stage.padEnd(28)} wall_p50_s=${median(wall).toFixed(4)} cpu_p50_s=${median(cpu).toFixed(4)}`);
}

const x = tf.zeros([1, MODEL_INPUT_SIZE, MODEL_INPUT_SIZE, 3]);
let best: Map<string, number> | undefined;
let bestTotal = Infinity;
for (let run = 0; run < 5; run++) {
  const info = await tf.profile(() => model.execute(x, 'tower_0/detections') as tf.Tensor);
  const perKernel = new Map<string, number>();
  for (const k of info.kernels) perKernel.set(k.name, (perKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
  const total = [...perKernel].filter(([name]) => !name.endsWith('__op')).reduce((sum, [, ms]) => sum + ms, 0);
  if (total < bestTotal) [best, bestTotal] = [perKernel, total];
}
console.log(
  `kernels (ms, best of 5, total ${bestTotal.toFixed(1)}): ` +
    [...(best ?? [])]
      .filter(([name]) => !name.endsWith('__op'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([n, ms]) => `${n}=${ms.toFixed(1)}`)
      .join(' '),
);
process.exit(0); // the tf.profile tensors keep nothing alive, but say so explicitly for worker threads
