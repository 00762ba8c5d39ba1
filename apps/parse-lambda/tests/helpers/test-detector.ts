/**
 * The real local detector for the live-channel tests, asked once per distinct image in a test
 * process (the files share one module graph per worker: vitest.config.ts `isolate: false`).
 *
 * The files follow the same short demo programme, whose samples at the same place in a loop are
 * byte-identical JPEGs, and the model's answer for those bytes does not change: measured, 39 detect
 * calls of a run held 10 distinct images. Every run still calls `detect` for each sample it sends
 * (its counts, retries, budget and reuse decisions are unchanged, and a test's own wrapper sees
 * every call); a repeated image gets a copy of the model's first answer instead of a second
 * forward pass. A failed call is not kept. tools/scan's tests do the same.
 */
import { askedOncePerImage } from '@catfinder/vision/testing';
import type { ParseConfig } from '../../src/config';
import { withFaceRecognition } from '../../src/faces-wiring';
import type { Detector } from '../../src/ports';
import { detectorLoader, type ParseClients } from '../../src/wiring';

/** One per detector kind and thread count: the answers of one model never serve another. */
const shared = new Map<string, () => Promise<Detector>>();

/** The config's real detector (what `detectorLoader` loads), asked once per distinct image in this process. */
export function testDetector(config: Pick<ParseConfig, 'detector' | 'localDetectorThreads'>): () => Promise<Detector> {
  const key = `${config.detector}|${config.localDetectorThreads ?? 'default'}`;
  let loader = shared.get(key);
  if (!loader) {
    loader = askedOncePerImage(detectorLoader(config));
    shared.set(key, loader);
  }
  return loader;
}

/**
 * What `createParseDeps` wires by default — the config's detector with face recognition switched
 * on as configured (`withFaceRecognition`) — over {@link testDetector}.
 */
export function testDetection(config: ParseConfig, clients: Pick<ParseClients, 'ddb' | 's3'>): () => Promise<Detector> {
  return withFaceRecognition(testDetector(config), config, clients);
}
