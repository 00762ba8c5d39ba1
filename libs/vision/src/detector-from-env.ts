/**
 * Picks the detector from the `DETECTOR` environment variable (`local` | `rekognition`), the same
 * name locally and on AWS. The Rekognition client finds a local stand-in endpoint through
 * `AWS_ENDPOINT_URL_REKOGNITION`, read by the SDK itself.
 */
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

export function detectorKindFromEnv(env: Record<string, string | undefined>, fallback: DetectorKind = 'local'): DetectorKind {
  const value = env.DETECTOR?.trim();
  if (value === undefined || value === '') return fallback;
  if (value === 'local' || value === 'rekognition') return value;
  throw new VisionError(`DETECTOR must be "local" or "rekognition", got ${JSON.stringify(value)}`);
}

export function createDetectorFromEnv(env: Record<string, string | undefined> = process.env, options: DetectorFromEnvOptions = {}): LabelDetector {
  return detectorKindFromEnv(env, options.fallback) === 'rekognition'
    ? createRekognitionDetector(options.rekognition)
    : createLocalDetector(options.local);
}
