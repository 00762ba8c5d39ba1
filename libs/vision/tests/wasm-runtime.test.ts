import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { autoThreads, createLocalDetector, InvalidImageError, type RawDetection } from '../src/index';
import { fixtureImage } from './helpers/fixtures';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = ['chelsea.png', 'astronaut.png', 'coffee.png'];

/**
 * Runs the detector over `images` in a fresh process (the WASM backend is per process),
 * LOCAL_DETECTOR_THREADS=`threads`.
 */
async function detectInChild(threads: number, images: readonly string[]): Promise<Record<string, unknown>> {
  const tsx = path.join(here, '..', '..', '..', 'node_modules', '.bin', 'tsx');
  const { stdout } = await promisify(execFile)(
    tsx,
    [path.join(here, 'helpers', 'detect-in-child.ts'), String(threads), ...images],
    {
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('WASM runtime', () => {
  const detector = createLocalDetector({ threads: 2 });

  beforeAll(async () => {
    await detector.warmUp();
  }, 120_000);

  it('runs the threaded-SIMD build on 2 XNNPACK threads in Node when asked for 2 threads', async () => {
    expect(await detector.runtimeInfo()).toEqual({ wasmFile: 'tfjs-backend-wasm-threaded-simd.wasm', threads: 2 });
  });

  it('gives the same detections on 2 threads as the single-threaded SIMD build in another process', async () => {
    const single = await detectInChild(1, FIXTURES);
    expect(single['runtime']).toEqual({ wasmFile: 'tfjs-backend-wasm-simd.wasm', threads: 1 });
    for (const name of FIXTURES) {
      const threaded = await detector.detectObjects(fixtureImage(name));
      const reference = single[name] as RawDetection[];
      expect(threaded.length, name).toBeGreaterThan(0);
      expect(
        threaded.map((d) => d.classIndex),
        name,
      ).toEqual(reference.map((d) => d.classIndex));
      threaded.forEach((d, i) => {
        // Float sums may be ordered differently across threads; anything beyond rounding is a bug.
        expect(d.score).toBeCloseTo(reference[i]!.score, 4);
        expect(d.box.Left).toBeCloseTo(reference[i]!.box.Left, 4);
        expect(d.box.Width).toBeCloseTo(reference[i]!.box.Width, 4);
      });
    }
  }, 180_000);

  it('rejects a truncated JPEG on the threaded backend and still finds the cat afterwards', async () => {
    const cat = fixtureImage('chelsea.png');
    const jpeg = await sharp(cat).jpeg().toBuffer();
    await expect(detector.detectLabels(jpeg.subarray(0, jpeg.length >> 1))).rejects.toBeInstanceOf(InvalidImageError);
    const { Labels } = await detector.detectLabels(cat);
    expect(Labels.map((l) => l.Name)).toContain('Cat');
  });

  it('lets the process exit by itself once work is done (pool workers do not hold it open)', async () => {
    // detect-in-child never calls process.exit: execFile resolving means the child exited alone.
    // One image is enough: the pool workers are started (and must let go) whatever the image count.
    const child = await detectInChild(2, ['chelsea.png']);
    expect(child['runtime']).toEqual({ wasmFile: 'tfjs-backend-wasm-threaded-simd.wasm', threads: 2 });
  }, 180_000);
});

describe('automatic thread count', () => {
  it('uses 2 threads on an idle multi-core host and 1 when the host is single-core or already busy', () => {
    expect(autoThreads(2, 0.3)).toBe(2);
    expect(autoThreads(8, 1.5)).toBe(2);
    expect(autoThreads(1, 0)).toBe(1);
    expect(autoThreads(2, 2)).toBe(1);
    expect(autoThreads(2, 8.6)).toBe(1);
  });
});
