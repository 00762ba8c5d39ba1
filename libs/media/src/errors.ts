/** Context carried by every @catfinder/media error (whatever applies). */
export interface MediaErrorContext {
  /** The input file the error is about. */
  file?: string;
  /** ffmpeg arguments of the failing run. */
  args?: readonly string[];
  /** Exit code of a failed ffmpeg run. */
  exitCode?: number | null;
  /** Signal that ended the ffmpeg run, if any. */
  signal?: NodeJS.Signals | null;
  /** Last few KB of ffmpeg's stderr. */
  stderrTail?: string;
}

/** Base class of every error thrown by @catfinder/media. */
export class MediaError extends Error {
  /**
   * True when the same run may succeed later (a timeout or an abort, not the input's fault);
   * false when the input or the setup is wrong. Branch on this and `instanceof`, never on `name`.
   */
  get retryable(): boolean {
    return false;
  }
  readonly file?: string;
  readonly args?: readonly string[];
  readonly exitCode?: number | null;
  readonly signal?: NodeJS.Signals | null;
  readonly stderrTail?: string;

  constructor(message: string, context: MediaErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MediaError';
    this.file = context.file;
    this.args = context.args;
    this.exitCode = context.exitCode;
    this.signal = context.signal;
    this.stderrTail = context.stderrTail;
  }
}

/** The ffmpeg binary could not be found or is not executable. */
export class FfmpegNotFoundError extends MediaError {
  constructor(message: string, context: MediaErrorContext = {}, options?: { cause?: unknown }) {
    super(message, context, options);
    this.name = 'FfmpegNotFoundError';
  }
}

/** ffmpeg exited with a non-zero status (or was killed by a signal we did not send). */
export class FfmpegExitError extends MediaError {
  constructor(message: string, context: MediaErrorContext = {}, options?: { cause?: unknown }) {
    super(message, context, options);
    this.name = 'FfmpegExitError';
  }
}

/**
 * ffmpeg was stopped by a signal nobody in this process sent — a terminal's Ctrl-C reaching the
 * whole process group, a shutdown, the OOM killer — either killed by it or exiting on it (ffmpeg
 * catches SIGINT/SIGTERM and exits 255 with "received signal N"). Not the input's fault.
 */
export class FfmpegInterruptedError extends MediaError {
  override get retryable(): boolean {
    return true;
  }
  constructor(message: string, context: MediaErrorContext = {}) {
    super(message, context);
    this.name = 'FfmpegInterruptedError';
  }
}

/** ffmpeg ran longer than its timeout and was killed. */
export class FfmpegTimeoutError extends MediaError {
  override get retryable(): boolean {
    return true;
  }
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number, context: MediaErrorContext = {}) {
    super(message, context);
    this.name = 'FfmpegTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's AbortSignal fired; ffmpeg was killed. */
export class FfmpegAbortedError extends MediaError {
  override get retryable(): boolean {
    return true;
  }
  constructor(message: string, context: MediaErrorContext = {}, options?: { cause?: unknown }) {
    super(message, context, options);
    this.name = 'FfmpegAbortedError';
  }
}

/** A segment file is missing, empty, truncated, or holds no decodable video. */
export class InvalidSegmentError extends MediaError {
  /** What is wrong with the file, e.g. `zero-byte file`. */
  readonly problem: string;
  constructor(file: string, problem: string, context: MediaErrorContext = {}, options?: { cause?: unknown }) {
    super(`Invalid segment ${file}: ${problem}`, { ...context, file }, options);
    this.name = 'InvalidSegmentError';
    this.problem = problem;
  }
}

/** Options or a requested frame range that cannot be honoured. */
export class InvalidClipRequestError extends MediaError {
  constructor(message: string, context: MediaErrorContext = {}, options?: { cause?: unknown }) {
    super(message, context, options);
    this.name = 'InvalidClipRequestError';
  }
}

/** A clip could not be produced by any method, or failed verification on the last method. */
export class ClipVerificationError extends MediaError {
  constructor(message: string, context: MediaErrorContext = {}, options?: { cause?: unknown }) {
    super(message, context, options);
    this.name = 'ClipVerificationError';
  }
}
