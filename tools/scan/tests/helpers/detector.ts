/**
 * One real local detector per test run (loading the model once), shared by the scans of every
 * file (the files share one module graph: vitest.config.ts `isolate: false`).
 */
import { detectorLoader, type Detector } from '../../src/apps';

/**
 * One XNNPACK thread: the test runs share 2 cores with other projects' tests, where a second
 * thread only adds CPU (measured: ~25 % more CPU per detection, and a second WASM build to load).
 * Detections on 1 and 2 threads are equal (libs/vision tests/wasm-runtime.test.ts).
 */
export const TEST_DETECTOR_THREADS = 1;

let shared: (() => Promise<Detector>) | undefined;

export function sharedDetector(): () => Promise<Detector> {
  shared ??= detectorLoader({ detector: 'local', localDetectorThreads: TEST_DETECTOR_THREADS });
  return shared;
}
