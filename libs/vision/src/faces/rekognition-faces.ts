/**
 * `recognizeFaces` on Amazon Rekognition: one `RecognizeCelebrities` call, with the same limits
 * check, bounded retries (throttling, 5xx, timeouts) and error classes as the label adapter.
 * Callers decide when to call (faces/face-bound.ts: only where a Person is seen, once per scene).
 */
import { RecognizeCelebritiesCommand, type ComparedFace, type Image } from '@aws-sdk/client-rekognition';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../constants';
import { checkRekognitionLimits } from '../rekognition/check-limits';
import { isRetryable, toRequestError } from '../rekognition/rekognition-detector';
import { rekognitionClientAndPolicy, type RekognitionCallOptions } from '../rekognition/client-setup';
import { withRetries } from '../rekognition/retry';
import type { BoundingBox, ImageInput } from '../types';
import type { FaceBox, FaceRecognizer, RecognizeFacesResult } from './types';

export type RekognitionFaceRecognizerOptions = RekognitionCallOptions;

export function createRekognitionFaceRecognizer(options: RekognitionFaceRecognizerOptions = {}): FaceRecognizer {
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const { client, policy } = rekognitionClientAndPolicy(options);
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
