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
  'missing' | 'not-media' | 'audio-only' | 'unsupported-codec' | 'no-frames' | 'live-playlist' | 'playlist' | 'stalled';

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
