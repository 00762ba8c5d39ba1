/** Errors of prekog-lambda: a base class, subclasses with `name` and context fields. */
export class PrekogLambdaError extends Error {
  /** Whether trying again may succeed; every prekog error is about its input or setup. */
  readonly retryable: boolean = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PrekogLambdaError';
  }
}

// The configuration error is libs/store's (one for every handler and lib).
export { ConfigError, type ConfigProblem } from '@catfinder/store';

/** The invoke payload is not a version-1 prekog event. */
export class EventError extends PrekogLambdaError {
  readonly field: string;
  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super(`prekog event: ${field} ${message}`, options);
    this.name = 'EventError';
    this.field = field;
  }
}

/** Clip bounds cannot be computed from what the store holds (e.g. a segment record is missing). */
export class BoundsError extends PrekogLambdaError {
  readonly appearanceId: string;
  constructor(appearanceId: string, message: string, options?: { cause?: unknown }) {
    super(`appearance ${appearanceId}: ${message}`, options);
    this.name = 'BoundsError';
    this.appearanceId = appearanceId;
  }
}
