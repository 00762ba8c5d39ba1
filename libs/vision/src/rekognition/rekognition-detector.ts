/**
 * Amazon Rekognition adapter: the same `LabelDetector` interface over `DetectLabels`, with the
 * service's limits checked first, throttling retried (bounded, backoff + jitter) and every other
 * failure surfaced with its AWS request id. Optionally runs `RecognizeCelebrities` when a Person
 * is found, as the original system did; celebrities come back in `Celebrities`.
 */
import {
  DetectLabelsCommand,
  RecognizeCelebritiesCommand,
  RekognitionClient,
  type Image,
  type Label as SdkLabel,
  type RekognitionClientConfig,
} from '@aws-sdk/client-rekognition';
import { DEFAULT_MIN_CONFIDENCE, DEFAULT_REQUEST_TIMEOUT_MS, THROTTLING_CODES } from '../constants';
import { RekognitionRequestError, RekognitionThrottledError } from '../errors';
import { filterLabels, resolveDetectOptions } from '../filter-labels';
import { matchTrigger } from '../trigger';
import type {
  BoundingBox,
  Celebrity,
  DetectLabelsOptions,
  DetectLabelsResult,
  ImageInput,
  Label,
  LabelDetector,
} from '../types';
import { checkRekognitionLimits } from './check-limits';
import { rekognitionClientAndPolicy } from './client-setup';
import { withRetries } from './retry';

interface RekognitionDetectorBaseOptions {
  /**
   * Attempts per call, including the first; only throttling, 5xx and timeouts are retried.
   * @default 5
   */
  maxAttempts?: number;
  /**
   * First backoff ceiling in ms; doubles per attempt (full jitter).
   * @default 200
   */
  baseDelayMs?: number;
  /**
   * Largest backoff ceiling in ms.
   * @default 5000
   */
  maxDelayMs?: number;
  /**
   * Timeout of each attempt in ms.
   * @default 10000
   */
  requestTimeoutMs?: number;
  /**
   * Also call RecognizeCelebrities when a `Person` label (at the call's MinConfidence) is found.
   * @default false
   */
  recognizeCelebrities?: boolean;
  /**
   * Jitter source, 0..1.
   * @default Math.random
   */
  random?: () => number;
}

/** Pass an existing client or a client config, never both (the config would be ignored). */
export type RekognitionDetectorOptions = RekognitionDetectorBaseOptions &
  ({ client: RekognitionClient; clientConfig?: never } | { client?: never; clientConfig?: RekognitionClientConfig });

export function createRekognitionDetector(options: RekognitionDetectorOptions = {}): LabelDetector {
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const { client, policy } = rekognitionClientAndPolicy(options);

  function call<T>(operation: string, send: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return withRetries(
      () => send(AbortSignal.timeout(timeoutMs)),
      isRetryable,
      policy,
      (error, attempts) => toRequestError(operation, error, attempts),
    );
  }

  return {
    async detectLabels(image: ImageInput, detectOptions?: DetectLabelsOptions): Promise<DetectLabelsResult> {
      const { minConfidence, maxLabels } = resolveDetectOptions(detectOptions);
      checkRekognitionLimits(image);
      const Image: Image = image instanceof Uint8Array ? { Bytes: image } : { S3Object: { ...image.S3Object } };
      const response = await call('DetectLabels', (abortSignal) =>
        client.send(
          new DetectLabelsCommand({
            Image,
            MinConfidence: detectOptions?.MinConfidence ?? DEFAULT_MIN_CONFIDENCE,
            ...(Number.isFinite(maxLabels) ? { MaxLabels: maxLabels } : {}),
          }),
          { abortSignal },
        ),
      );
      const labels = filterLabels((response.Labels ?? []).map(toLabel), minConfidence, maxLabels);
      const result: DetectLabelsResult = { Labels: labels, LabelModelVersion: response.LabelModelVersion ?? 'unknown' };
      if (options.recognizeCelebrities && matchTrigger(labels, { label: 'Person', minConfidence })) {
        const celebrities = await call('RecognizeCelebrities', (abortSignal) =>
          client.send(new RecognizeCelebritiesCommand({ Image }), { abortSignal }),
        );
        result.Celebrities = (celebrities.CelebrityFaces ?? []).map((face): Celebrity => ({
          Name: face.Name ?? '',
          Id: face.Id ?? '',
          MatchConfidence: face.MatchConfidence ?? 0,
          Urls: face.Urls ?? [],
          BoundingBox: face.Face?.BoundingBox ? toBox(face.Face.BoundingBox) : undefined,
        }));
      }
      return result;
    },
  };
}

/** The SDK marks every field optional; downstream code gets them all present. */
function toLabel(label: SdkLabel): Label {
  return {
    Name: label.Name ?? '',
    Confidence: label.Confidence ?? 0,
    Instances: (label.Instances ?? []).map((instance) => ({
      BoundingBox: toBox(instance.BoundingBox ?? {}),
      Confidence: instance.Confidence ?? 0,
    })),
    Parents: (label.Parents ?? []).map((p) => ({ Name: p.Name ?? '' })),
    Aliases: (label.Aliases ?? []).map((a) => ({ Name: a.Name ?? '' })),
    Categories: (label.Categories ?? []).map((c) => ({ Name: c.Name ?? '' })),
  };
}

function toBox(box: Partial<BoundingBox>): BoundingBox {
  return { Width: box.Width ?? 0, Height: box.Height ?? 0, Left: box.Left ?? 0, Top: box.Top ?? 0 };
}

interface AwsErrorLike {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

function errorCode(error: unknown): string {
  return (error as AwsErrorLike)?.name ?? 'UnknownError';
}

export function isRetryable(error: unknown): boolean {
  const code = errorCode(error);
  const status = (error as AwsErrorLike)?.$metadata?.httpStatusCode;
  return (
    THROTTLING_CODES.has(code) ||
    code === 'TimeoutError' ||
    code === 'AbortError' ||
    (status !== undefined && status >= 500)
  );
}

export function toRequestError(operation: string, error: unknown, attempts: number): RekognitionRequestError {
  const e = error as AwsErrorLike;
  const code = errorCode(error);
  const fields = {
    operation,
    code,
    requestId: e?.$metadata?.requestId,
    httpStatus: e?.$metadata?.httpStatusCode,
    attempts,
    detail: e?.message ?? String(error),
  };
  return THROTTLING_CODES.has(code)
    ? new RekognitionThrottledError(fields, { cause: error })
    : new RekognitionRequestError(fields, { cause: error });
}
