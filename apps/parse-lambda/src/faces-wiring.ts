/**
 * Switches face recognition on for the detector of the config: Rekognition `RecognizeCelebrities`
 * when DETECTOR=rekognition, the named-faces gallery in FACES_DIR locally (libs/vision
 * createFaceRecognizerFromEnv; RECOGNIZE_FACES=off turns it off). Sightings go to libs/store's
 * celebrity store over the same clients. A person trigger without recognition is a config error.
 */
import { createCelebrityStore } from '@catfinder/store';
import { createFaceRecognizerFromEnv, type FaceRecognizer } from '@catfinder/vision';
import type { ParseConfig } from './config';
import { ConfigError } from './errors';
import { createFacesStep } from './faces-step';
import type { Detector } from './ports';
import type { ParseClients } from './wiring';

/**
 * The recognizer the environment switches on for this config (undefined: recognition off), or a
 * ConfigError when the config watches a person while recognition is off. No I/O, no clients:
 * apps/infra runs it at synth on each channel's environment, with readParseConfig.
 */
export function faceRecognizerFor(
  config: Pick<ParseConfig, 'detector' | 'localDetectorThreads' | 'triggers'>,
  env: Record<string, string | undefined> = process.env,
): FaceRecognizer | undefined {
  const recognizer = createFaceRecognizerFromEnv(env, {
    detector: config.detector,
    ...(config.localDetectorThreads === undefined ? {} : { local: { threads: config.localDetectorThreads } }),
  });
  const people = config.triggers.filter((t) => t.kind === 'person').map((t) => t.label);
  if (!recognizer && people.length > 0) {
    const message = `watches ${people.join(', ')} but face recognition is off: set FACES_DIR to a named-faces gallery (DETECTOR=local) or use DETECTOR=rekognition, and leave RECOGNIZE_FACES unset or on`;
    throw new ConfigError([{ variable: 'LABELS', message }]);
  }
  return recognizer;
}

export function withFaceRecognition(
  load: () => Promise<Detector>,
  config: Pick<ParseConfig, 'detector' | 'localDetectorThreads' | 'triggers' | 'tables' | 'bucket' | 'ttlHours'>,
  clients: Pick<ParseClients, 'ddb' | 's3'>,
  env: Record<string, string | undefined> = process.env,
): () => Promise<Detector> {
  const recognizer = faceRecognizerFor(config, env);
  if (!recognizer) return load;
  const sink = createCelebrityStore({
    ddb: clients.ddb,
    s3: clients.s3,
    tables: config.tables,
    bucket: config.bucket,
    ttlHours: config.ttlHours,
  });
  const faces = createFacesStep(recognizer, sink);
  return async () => ({ ...(await load()), faces });
}
