/** Errors of parse-lambda: a base class, subclasses with `name` and context fields. */
export class ParseLambdaError extends Error {
  /** Whether trying again may succeed; parse's own errors are about input, setup or a lost lease. */
  readonly retryable: boolean = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ParseLambdaError';
  }
}

// The configuration error is libs/store's (one for every handler and lib).
export { ConfigError, type ConfigProblem } from '@catfinder/store';

/** An incoming Lambda event that is not the shape this handler accepts. */
export class EventError extends ParseLambdaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventError';
  }
}

/**
 * The run lost the channel to another run (its lease expired or was taken over), found by any
 * store call that checks it (cursor write, segment completion). The run stops at once: never retried.
 */
export class RunLeaseLostError extends ParseLambdaError {
  readonly channel: string;
  constructor(channel: string, message: string) {
    super(`channel ${channel}: ${message}`);
    this.name = 'RunLeaseLostError';
    this.channel = channel;
  }
}
