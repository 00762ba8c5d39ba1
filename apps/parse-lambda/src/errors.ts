/** Errors of parse-lambda: a base class, subclasses with `name` and context fields. */
export class ParseLambdaError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ParseLambdaError';
  }
}

/** One bad or missing environment variable. */
export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
}

/** Every problem of the configuration at once, one line per variable. */
export class ConfigError extends ParseLambdaError {
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

/** An incoming Lambda event that is not the shape this handler accepts. */
export class EventError extends ParseLambdaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventError';
  }
}
