/**
 * The workspace's one way to read configuration: typed reading of environment variables that
 * collects problems instead of throwing at the first one, so an operator sees every bad variable
 * in one ConfigError. Each package reads its own variables with it (defaults and bounds from its
 * own constants); an app combines them by passing the same reader along. Chosen over a schema
 * library: the variables are flat strings, and the rules (bounds, one-of, URL, list) fit in this
 * one file with messages that name the variable; no dependency to pin and keep.
 */

/** Environment variables as read (process.env or a test's object). */
export type Env = Readonly<Record<string, string | undefined>>;

/** One bad or missing environment variable. */
export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
}

/** Every problem of the configuration at once, one line per variable. Never retryable. */
export class ConfigError extends Error {
  readonly retryable: boolean = false;
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

/** Inclusive bounds of a numeric variable (declared once, by the package that owns it). */
export interface Bounds {
  readonly min: number;
  readonly max: number;
}

export class EnvReader {
  readonly problems: ConfigProblem[] = [];
  constructor(private readonly env: Env) {}

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  problem(variable: string, message: string): void {
    this.problems.push({ variable, message });
  }

  /** Throws one ConfigError with every problem found so far (none: returns). */
  throwIfProblems(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }

  /** An optional number: undefined when unset. */
  optionalNumber(name: string, opts: Bounds & { integer?: boolean }): number | undefined {
    return this.raw(name) === undefined ? undefined : this.number(name, { ...opts, default: opts.min });
  }

  /** Runs a validator that throws (e.g. libs/store's id rules), turning its error into a problem. */
  check(variable: string, value: string | undefined, validate: (v: string) => unknown): void {
    if (value === undefined || value === '') return;
    try {
      validate(value);
    } catch (error) {
      this.problem(variable, error instanceof Error ? error.message : String(error));
    }
  }

  /** A required string; `pattern` describes what is allowed. */
  string(name: string, opts: { required: true; pattern?: RegExp; describe?: string }): string;
  string(
    name: string,
    opts: { required?: false; pattern?: RegExp; describe?: string; default?: string },
  ): string | undefined;
  string(
    name: string,
    opts: { required?: boolean; pattern?: RegExp; describe?: string; default?: string },
  ): string | undefined {
    const value = this.raw(name);
    if (value === undefined) {
      if (opts.required) this.problem(name, 'is required but not set');
      // A required string is '' when missing (its problem is recorded), never undefined.
      return opts.default ?? (opts.required ? '' : undefined);
    }
    if (opts.pattern && !opts.pattern.test(value)) {
      this.problem(name, `${JSON.stringify(value)} is not ${opts.describe ?? `matching ${opts.pattern}`}`);
      return opts.required ? '' : opts.default;
    }
    return value;
  }

  /** A number within [min, max]; `integer` rejects fractions. */
  number(name: string, opts: { default: number; min: number; max: number; integer?: boolean }): number {
    const value = this.raw(name);
    if (value === undefined) return opts.default;
    const n = Number(value);
    if (!Number.isFinite(n) || (opts.integer && !Number.isInteger(n))) {
      this.problem(name, `${JSON.stringify(value)} is not ${opts.integer ? 'an integer' : 'a number'}`);
      return opts.default;
    }
    if (n < opts.min || n > opts.max) {
      this.problem(name, `${n} is out of range (expected ${opts.min} to ${opts.max})`);
      return opts.default;
    }
    return n;
  }

  /** One of a fixed set of words. */
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problem(name, `${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
      return fallback;
    }
    return value as T;
  }

  /** An absolute http(s) URL. */
  url(name: string, opts: { required: boolean }): string | undefined {
    const value = this.raw(name);
    if (value === undefined) {
      if (opts.required) this.problem(name, 'is required but not set');
      return undefined;
    }
    try {
      const url = new URL(value);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        this.problem(name, `${JSON.stringify(value)} must be an http:// or https:// URL`);
        return undefined;
      }
      return url.toString();
    } catch {
      this.problem(name, `${JSON.stringify(value)} is not a valid URL`);
      return undefined;
    }
  }

  /** A comma-separated list (empty items dropped). */
  list(name: string): string[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    return value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }

  /** The unparsed value, for variables parsed by a dedicated function. */
  text(name: string): string | undefined {
    return this.raw(name);
  }
}
