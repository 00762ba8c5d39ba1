/**
 * One real local detector per test run (loading the model once), shared by the scans of every
 * file (the files share one module graph: vitest.config.ts `isolate: false`).
 */
import { askedOncePerImage } from '@catfinder/vision/testing';
import { detectorLoader, type Detector } from '../../src/apps';

/**
 * One XNNPACK thread: the test runs share 2 cores with other projects' tests, where a second
 * thread only adds CPU (measured: ~25 % more CPU per detection, and a second WASM build to load).
 * Detections on 1 and 2 threads are equal (libs/vision tests/wasm-runtime.test.ts).
 */
export const TEST_DETECTOR_THREADS = 1;

let shared: (() => Promise<Detector>) | undefined;

/**
 * The real detector, asked once per distinct image (`askedOncePerImage`): the files scan the same
 * short programme in many containers and transports (MP4, MOV, MKV, TS, HLS VOD/EVENT, fMP4 …),
 * whose samples are byte-identical JPEGs. Every scan still calls `detect` for each of its samples.
 */
export function sharedDetector(): () => Promise<Detector> {
  shared ??= askedOncePerImage(detectorLoader({ detector: 'local', localDetectorThreads: TEST_DETECTOR_THREADS }));
  return shared;
}
