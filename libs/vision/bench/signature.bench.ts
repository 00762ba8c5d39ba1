/**
 * `npx tsx bench/signature.bench.ts` (in libs/vision): time of the reuse rule's picture signature
 * (`imageSignature`: jpeg-js decode of the whole JPEG + 1/8 block means + two Lanczos-3 thumbnails)
 * on the bench's 640x360 JPEG frames (q80), after a warm-up round. Prints wall and process-CPU
 * milliseconds per frame (p50 / p95 / mean): on a shared host wall time also measures waiting for a
 * core, CPU time does not. Compare with a detector call (Rekognition DetectLabels: hundreds of ms).
 */
import { loadavg } from 'node:os';
import { imageSignature } from '../src/index';
import { buildFrames } from '../eval/eval-set';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);

const frames = await buildFrames();
for (const frame of frames) await imageSignature(frame.bytes);

const wall: number[] = [];
const cpu: number[] = [];
const loadStart = loadavg()[0]!;
for (let round = 0; round < ROUNDS; round++) {
  for (const frame of frames) {
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    await imageSignature(frame.bytes);
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuStarted);
    cpu.push((used.user + used.system) / 1000);
  }
}

const percentile = (values: number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))]!;
const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const ms = (v: number): string => v.toFixed(2);
const bytes = mean(frames.map((f) => f.bytes.byteLength));
console.log(
  `signature_frames=${wall.length} jpeg_bytes_mean=${Math.round(bytes)} load1=${loadStart.toFixed(1)}→${loadavg()[0]!.toFixed(1)}`,
);
console.log(`wall_ms p50=${ms(percentile(wall, 0.5))} p95=${ms(percentile(wall, 0.95))} mean=${ms(mean(wall))}`);
console.log(`cpu_ms p50=${ms(percentile(cpu, 0.5))} p95=${ms(percentile(cpu, 0.95))} mean=${ms(mean(cpu))}`);
