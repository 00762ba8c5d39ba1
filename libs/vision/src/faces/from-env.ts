/**
 * Picks the face recogniser from the environment, next to `DETECTOR`:
 * - `DETECTOR=rekognition`: Rekognition `RecognizeCelebrities` (as the original system did).
 * - `DETECTOR=local` (or unset): the named-faces gallery in `FACES_DIR`, when it is set.
 * `RECOGNIZE_FACES=off` turns recognition off; `on` requires it (locally `FACES_DIR` must then be
 * set). Undefined means: no recognition.
 */
import { detectorKindFromEnv, type DetectorKind } from '../detector-from-env';
import { VisionError } from '../errors';
import { createNamedFaceRecognizer, type NamedFaceRecognizerOptions } from './named-faces';
import { createRekognitionFaceRecognizer, type RekognitionFaceRecognizerOptions } from './rekognition-faces';
import type { FaceRecognizer } from './types';

export interface FaceRecognizerFromEnvOptions {
  rekognition?: RekognitionFaceRecognizerOptions;
  local?: Omit<NamedFaceRecognizerOptions, 'galleryDir'>;
  /** The detector in use, when already decided (wins over `DETECTOR`). */
  detector?: DetectorKind;
  /** Used when neither `detector` nor DETECTOR is set. @default 'local' */
  fallback?: DetectorKind;
}

export function recognizeFacesFromEnv(env: Record<string, string | undefined>): 'on' | 'off' | 'auto' {
  const value = env.RECOGNIZE_FACES?.trim().toLowerCase();
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === 'on' || value === 'off') return value;
  throw new VisionError(`RECOGNIZE_FACES must be "on", "off" or "auto", got ${JSON.stringify(env.RECOGNIZE_FACES)}`);
}

export function createFaceRecognizerFromEnv(
  env: Record<string, string | undefined> = process.env,
  options: FaceRecognizerFromEnvOptions = {},
): FaceRecognizer | undefined {
  const mode = recognizeFacesFromEnv(env);
  if (mode === 'off') return undefined;
  if ((options.detector ?? detectorKindFromEnv(env, options.fallback)) === 'rekognition')
    return createRekognitionFaceRecognizer(options.rekognition);
  const galleryDir = env.FACES_DIR?.trim();
  if (!galleryDir) {
    if (mode === 'on')
      throw new VisionError(
        'RECOGNIZE_FACES=on with the local detector needs FACES_DIR (a folder of <Name>/<photo>.jpg)',
      );
    return undefined;
  }
  return createNamedFaceRecognizer({ ...options.local, galleryDir });
}
