/**
 * `recognizeFaces` on Amazon Rekognition: one `RecognizeCelebrities` call, with the same limits
 * check, bounded retries (throttling, 5xx, timeouts) and error classes as the label adapter.
 * Callers decide when to call (faces/face-bound.ts: only where a Person is seen, once per scene).
 */
import {
  RecognizeCelebritiesCommand,
  RekognitionClient,
  type ComparedFace,
  type Image,
  type RekognitionClientConfig,
} from '@aws-sdk/client-rekognition';
import {
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from '../constants';
import { checkRekognitionLimits } from '../rekognition/check-limits';
import { isRetryable, toRequestError } from '../rekognition/rekognition-detector';
import { withRetries, type RetryPolicy } from '../rekognition/retry';
import type { BoundingBox, ImageInput } from '../types';
import type { FaceBox, FaceRecognizer, RecognizeFacesResult } from './types';

export interface RekognitionFaceRecognizerOptions {
  /** An existing client (its own settings are kept), or a config for a new one. */
  client?: RekognitionClient;
  clientConfig?: RekognitionClientConfig;
  /** @default 5 */
  maxAttempts?: number;
  /** @default 200 */
  baseDelayMs?: number;
  /** @default 5000 */
  maxDelayMs?: number;
  /** @default 10000 */
  requestTimeoutMs?: number;
  /** @default Math.random */
  random?: () => number;
}

export function createRekognitionFaceRecognizer(options: RekognitionFaceRecognizerOptions = {}): FaceRecognizer {
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // As the label adapter: the SDK's own retries are off, this adapter owns the (bounded) policy.
  const client =
    options.client ??
    new RekognitionClient({
      requestHandler: { requestTimeout: timeoutMs, connectionTimeout: timeoutMs },
      ...options.clientConfig,
      maxAttempts: 1,
    });
  const policy: RetryPolicy = {
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    baseDelayMs: options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
    random: options.random ?? Math.random,
  };
  return {
    kind: 'rekognition',
    async recognizeFaces(image: ImageInput): Promise<RecognizeFacesResult> {
      checkRekognitionLimits(image);
      const Image: Image = image instanceof Uint8Array ? { Bytes: image } : { S3Object: { ...image.S3Object } };
      const response = await withRetries(
        () => client.send(new RecognizeCelebritiesCommand({ Image }), { abortSignal: AbortSignal.timeout(timeoutMs) }),
        isRetryable,
        policy,
        (error, attempts) => toRequestError('RecognizeCelebrities', error, attempts),
      );
      return {
        CelebrityFaces: (response.CelebrityFaces ?? [])
          .map((c) => ({
            Name: c.Name ?? '',
            Id: c.Id ?? '',
            MatchConfidence: c.MatchConfidence ?? 0,
            Urls: c.Urls ?? [],
            Face: toFaceBox(c.Face),
          }))
          .filter((c) => c.Name !== '')
          .sort((a, b) => b.MatchConfidence - a.MatchConfidence),
        UnrecognizedFaces: (response.UnrecognizedFaces ?? []).map(toFaceBox),
      };
    },
  };
}

/** The SDK marks every field optional; downstream code gets them all present. */
function toFaceBox(face: ComparedFace | undefined): FaceBox {
  const box: Partial<BoundingBox> = face?.BoundingBox ?? {};
  return {
    BoundingBox: { Width: box.Width ?? 0, Height: box.Height ?? 0, Left: box.Left ?? 0, Top: box.Top ?? 0 },
    Confidence: face?.Confidence ?? 0,
  };
}
