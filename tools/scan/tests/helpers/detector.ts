/**
 * One real local detector per test run (loading the model once), shared by the scans of every
 * file (the files share one module graph: vitest.config.ts `isolate: false`).
 */
import { createHash } from 'node:crypto';
import { detectorLoader, type Detector } from '../../src/apps';

/**
 * One XNNPACK thread: the test runs share 2 cores with other projects' tests, where a second
 * thread only adds CPU (measured: ~25 % more CPU per detection, and a second WASM build to load).
 * Detections on 1 and 2 threads are equal (libs/vision tests/wasm-runtime.test.ts).
 */
export const TEST_DETECTOR_THREADS = 1;

type Answer = Awaited<ReturnType<Detector['detect']>>;

/**
 * The real detector, asked once per distinct image: the files scan the same short programme in
 * many containers and transports (MP4, MOV, MKV, TS, HLS VOD/EVENT, fMP4 …), whose samples are
 * byte-identical JPEGs, and the real answer for those bytes does not change. Every scan still
 * calls `detect` for each of its samples (the scan's own counts and retries are unchanged); a
 * repeated image gets a copy of the model's first answer instead of a second forward pass. A
 * failed call is not kept.
 */
function askedOncePerImage(load: () => Promise<Detector>): () => Promise<Detector> {
  const answers = new Map<string, Promise<Answer>>();
  let detector: Promise<Detector> | undefined;
  return () =>
    (detector ??= load().then((real) => ({
      detect(image: Uint8Array): Promise<Answer> {
        const key = createHash('sha256').update(image).digest('hex');
        let answer = answers.get(key);
        if (answer === undefined) {
          answer = real.detect(image);
          answers.set(key, answer);
          answer.catch(() => answers.delete(key));
        }
        return answer.then((a) => structuredClone(a));
      },
    })));
}

let shared: (() => Promise<Detector>) | undefined;

export function sharedDetector(): () => Promise<Detector> {
  shared ??= askedOncePerImage(detectorLoader({ detector: 'local', localDetectorThreads: TEST_DETECTOR_THREADS }));
  return shared;
}
