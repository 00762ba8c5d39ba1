/** Errors raised by @catfinder/store. Conditional-check failures are NOT errors: they come back as results. */

export interface StoreErrorContext {
  /** Logical table or bucket involved, when known. */
  readonly resource?: string;
  /** The operation that failed, e.g. `putFrames`. */
  readonly operation?: string;
  /** Key or id involved, when known. */
  readonly key?: string;
}

/**
 * Base class of every error thrown by the store. Callers branch on `instanceof` and `retryable`
 * (true only for StoreUnavailableError: the same call may succeed later), never on `name`.
 */
export class StoreError extends Error {
  override name = 'StoreError';
  /** True when retrying the same call later may succeed (network, timeout, 5xx, throttling). */
  readonly retryable: boolean = false;
  readonly resource?: string;
  readonly operation?: string;
  readonly key?: string;
  constructor(message: string, options: StoreErrorContext & { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.resource = options.resource;
    this.operation = options.operation;
    this.key = options.key;
  }
}

/** An id, label, extension or key failed validation (hostile or malformed input). */
export class InvalidIdError extends StoreError {
  override name = 'InvalidIdError';
  /** What kind of value was checked (`channel`, `clipId`, `label`, …). */
  readonly kind: string;
  /** The rejected value (JSON-quoted in the message so control characters are visible). */
  readonly value: unknown;
  constructor(kind: string, value: unknown, reason: string) {
    super(`invalid ${kind} ${JSON.stringify(value)}: ${reason}`, {
      key: typeof value === 'string' ? value : undefined,
    });
    this.kind = kind;
    this.value = value;
  }
}

/** A configuration value (environment variable or option) is missing or malformed. */
export class StoreConfigError extends StoreError {
  override name = 'StoreConfigError';
  /** The environment variable or option name. */
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.variable = variable;
  }
}

/**
 * A DynamoDB or S3 call failed after its bounded retries (timeout, connection refused, 5xx,
 * throttling). The write may or may not have been applied; all store writes are idempotent, so
 * retrying the same call is safe.
 */
export class StoreUnavailableError extends StoreError {
  override name = 'StoreUnavailableError';
  override readonly retryable: boolean = true;
}

/** Stored data does not have the expected shape (e.g. a corrupted item). */
export class StoreDataError extends StoreError {
  override name = 'StoreDataError';
}
