/** Errors of prekog-lambda: a base class, subclasses with `name` and context fields. */
export class PrekogLambdaError extends Error {
  /** Whether trying again may succeed; every prekog error is about its input or setup. */
  readonly retryable: boolean = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PrekogLambdaError';
  }
}

export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
}

/** Every problem of the configuration at once, one line per variable. */
export class ConfigError extends PrekogLambdaError {
  readonly problems: readonly ConfigProblem[];
  constructor(problems: readonly ConfigProblem[], options?: { cause?: unknown }) {
    super(
      `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
      options,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

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
