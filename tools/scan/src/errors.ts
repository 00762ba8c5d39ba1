/**
 * Errors of the scan tool. One base class; each subclass sets `name`, carries the input it is
 * about and accepts `{ cause }`. The CLI prints `message` alone: every message names the input
 * and what was wrong with it.
 */

/** Base class of every error thrown by the scan tool. */
export class ScanError extends Error {
  /** Whether trying the same thing again might work (a network hiccup, not bad media). */
  readonly retryable: boolean = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScanError';
  }
}

/** What is wrong with an input, as a stable code for callers and tests. */
export type InputProblem =
  | 'missing'
  | 'not-media'
  | 'audio-only'
  | 'unsupported-codec'
  | 'no-frames'
  | 'live-playlist'
  | 'playlist'
  | 'stalled'
  | 'unsupported-scheme';

/** The input cannot be scanned at all. */
export class ScanInputError extends ScanError {
  constructor(
    readonly input: string,
    readonly problem: InputProblem,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`scan: ${input}: ${detail}`, options);
    this.name = 'ScanInputError';
  }
}

/** Bad command line or options (the message says which one and what is expected). */
export class ScanUsageError extends ScanError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScanUsageError';
  }
}

/** The truth file cannot be read or has the wrong shape. */
export class TruthFileError extends ScanError {
  constructor(
    readonly file: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`scan: truth file ${file}: ${detail}`, options);
    this.name = 'TruthFileError';
  }
}

/** What is wrong with the output folder, as a stable code for callers and tests. */
export type OutDirProblem = 'not-a-folder' | 'parent-not-a-folder' | 'not-writable' | 'cannot-create';

/**
 * The output folder cannot be used (a bad option: exit status 2). `flag` is how the user named it:
 * `--out` when given, else `output folder` (the default `./scan-<name>/`).
 */
export class OutDirError extends ScanUsageError {
  constructor(
    readonly outDir: string,
    readonly problem: OutDirProblem,
    flag: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`scan: ${flag} ${outDir}: ${detail}`, options);
    this.name = 'OutDirError';
  }
}
