/**
 * Picks the detector from the `DETECTOR` environment variable (`local` | `rekognition`), the same
 * name locally and on AWS. The Rekognition client finds a local stand-in endpoint through
 * `AWS_ENDPOINT_URL_REKOGNITION`, read by the SDK itself. `LOCAL_DETECTOR_THREADS` sets the local
 * detector's XNNPACK threads (an explicit `local.threads` option wins over it).
 */
import { MAX_LOCAL_THREADS } from './constants';
import { VisionError } from './errors';
import { createLocalDetector, type LocalDetectorOptions } from './local/local-detector';
import { createRekognitionDetector, type RekognitionDetectorOptions } from './rekognition/rekognition-detector';
import type { LabelDetector } from './types';

export type DetectorKind = 'local' | 'rekognition';

export interface DetectorFromEnvOptions {
  /** Options for the local detector when DETECTOR=local. */
  local?: LocalDetectorOptions;
  /** Options for the Rekognition adapter when DETECTOR=rekognition. */
  rekognition?: RekognitionDetectorOptions;
  /**
   * Used when DETECTOR is unset.
   * @default 'local'
   */
  fallback?: DetectorKind;
}

export function detectorKindFromEnv(
  env: Record<string, string | undefined>,
  fallback: DetectorKind = 'local',
): DetectorKind {
  const value = env.DETECTOR?.trim();
  if (value === undefined || value === '') return fallback;
  if (value === 'local' || value === 'rekognition') return value;
  throw new VisionError(`DETECTOR must be "local" or "rekognition", got ${JSON.stringify(value)}`);
}

/** `LOCAL_DETECTOR_THREADS`: a whole number of threads, 1 to MAX_LOCAL_THREADS; undefined when unset. */
export function localThreadsFromEnv(env: Record<string, string | undefined>): number | undefined {
  const value = env.LOCAL_DETECTOR_THREADS?.trim();
  if (value === undefined || value === '') return undefined;
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_LOCAL_THREADS) {
    throw new VisionError(
      `LOCAL_DETECTOR_THREADS must be a whole number from 1 to ${MAX_LOCAL_THREADS}, got ${JSON.stringify(value)}`,
    );
  }
  return threads;
}

export function createDetectorFromEnv(
  env: Record<string, string | undefined> = process.env,
  options: DetectorFromEnvOptions = {},
): LabelDetector {
  if (detectorKindFromEnv(env, options.fallback) === 'rekognition')
    return createRekognitionDetector(options.rekognition);
  const threads = options.local?.threads ?? localThreadsFromEnv(env);
  return createLocalDetector(threads === undefined ? options.local : { ...options.local, threads });
}
