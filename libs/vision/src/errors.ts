/**
 * Errors raised by @catfinder/vision. Every error names the input it was about and what was wrong
 * with it, so a caller can log one line and move on to the next sample.
 */

/** Base class: every error thrown by this library is a `VisionError`. */
export class VisionError extends Error {
  override name = 'VisionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The image bytes cannot be used: empty, truncated, corrupt, not an image, or too many pixels. */
export class InvalidImageError extends VisionError {
  override name = 'InvalidImageError';
  /** Short description of the input (e.g. `1234 bytes`, `s3://bucket/key`). */
  readonly input: string;
  /** Machine-readable reason. */
  readonly reason: 'empty' | 'undecodable' | 'too-large' | 'bad-argument';
  constructor(input: string, reason: InvalidImageError['reason'], detail: string, options?: { cause?: unknown }) {
    super(`invalid image (${input}): ${detail}`, options);
    this.input = input;
    this.reason = reason;
  }
}

/** The image breaks one of Amazon Rekognition's documented input limits (checked before the call). */
export class ImageLimitError extends VisionError {
  override name = 'ImageLimitError';
  readonly input: string;
  readonly limit: 'format' | 'bytes' | 'min-side' | 'max-side';
  readonly actual: string;
  constructor(input: string, limit: ImageLimitError['limit'], actual: string, expected: string) {
    super(`image ${input} breaks the Rekognition ${limit} limit: got ${actual}, expected ${expected}`);
    this.input = input;
    this.limit = limit;
    this.actual = actual;
  }
}

/** The local model could not be loaded or executed. */
export class ModelError extends VisionError {
  override name = 'ModelError';
  readonly modelPath: string;
  constructor(modelPath: string, detail: string, options?: { cause?: unknown }) {
    super(`model ${modelPath}: ${detail}`, options);
    this.modelPath = modelPath;
  }
}

/** A Rekognition call failed (after any retries). Carries the AWS request id for support cases. */
export class RekognitionRequestError extends VisionError {
  override name = 'RekognitionRequestError';
  /** AWS error code, e.g. `InvalidImageFormatException`, `ThrottlingException`. */
  readonly code: string;
  /** `x-amzn-requestid` of the last attempt, when the service sent one. */
  readonly requestId: string | undefined;
  /** HTTP status of the last attempt, when there was a response. */
  readonly httpStatus: number | undefined;
  /** How many attempts were made in total. */
  readonly attempts: number;
  readonly operation: string;
  constructor(
    fields: {
      operation: string;
      code: string;
      requestId: string | undefined;
      httpStatus: number | undefined;
      attempts: number;
      detail: string;
    },
    options?: { cause?: unknown },
  ) {
    super(
      `Rekognition ${fields.operation} failed with ${fields.code} after ${fields.attempts} attempt(s)` +
        ` (request id ${fields.requestId ?? 'none'}, HTTP ${fields.httpStatus ?? 'none'}): ${fields.detail}`,
      options,
    );
    this.operation = fields.operation;
    this.code = fields.code;
    this.requestId = fields.requestId;
    this.httpStatus = fields.httpStatus;
    this.attempts = fields.attempts;
  }
}

/** Rekognition kept throttling after every allowed retry. */
export class RekognitionThrottledError extends RekognitionRequestError {
  override name = 'RekognitionThrottledError';
}

/** The input kind is not supported by this detector (e.g. an S3 object without an S3 reader). */
export class UnsupportedInputError extends VisionError {
  override name = 'UnsupportedInputError';
  readonly input: string;
  constructor(input: string, detail: string) {
    super(`unsupported input ${input}: ${detail}`);
    this.input = input;
  }
}
