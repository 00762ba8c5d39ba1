/**
 * Errors of @catfinder/delta. One base class; every subclass sets `name`, accepts `{ cause }`
 * and carries the context a caller needs to log or record the failure.
 */

export interface DeltaLibErrorOptions {
  cause?: unknown;
}

/** Base class of every error thrown by this library. */
export class DeltaLibError extends Error {
  /** True when the same request may succeed later (timeout, connection, 5xx); branch on this, never on `name`. */
  get retryable(): boolean {
    return false;
  }
  constructor(message: string, options: DeltaLibErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeltaLibError';
  }
}

/** One or more configuration variables are missing or malformed (one line per variable). */
export class ClipperConfigError extends DeltaLibError {
  readonly problems: readonly { variable: string; problem: string }[];
  constructor(problems: readonly { variable: string; problem: string }[]) {
    super(`invalid clipper configuration:\n${problems.map((p) => `  ${p.variable}: ${p.problem}`).join('\n')}`);
    this.name = 'ClipperConfigError';
    this.problems = problems;
  }
}

/** The clip request itself is unusable (bounds reversed, too long, malformed ids). */
export class ClipRequestError extends DeltaLibError {
  readonly field: string;
  constructor(field: string, message: string, options: DeltaLibErrorOptions = {}) {
    super(`clip request: ${field}: ${message}`, options);
    this.name = 'ClipRequestError';
    this.field = field;
  }
}

/** The archived segments do not cover the requested bounds (expired, not yet archived, gap). */
export class ArchiveCoverageError extends DeltaLibError {
  readonly channel: string;
  readonly missing: readonly number[];
  constructor(channel: string, message: string, missing: readonly number[] = [], options: DeltaLibErrorOptions = {}) {
    super(message, options);
    this.name = 'ArchiveCoverageError';
    this.channel = channel;
    this.missing = missing;
  }
}

/** Cutting, verifying or publishing a built-in clip failed. */
export class ClipProductionError extends DeltaLibError {
  readonly stage: 'fetch' | 'cut' | 'verify' | 'publish';
  constructor(stage: 'fetch' | 'cut' | 'verify' | 'publish', message: string, options: DeltaLibErrorOptions = {}) {
    super(`${stage}: ${message}`, options);
    this.name = 'ClipProductionError';
    this.stage = stage;
  }
}

/** Base of every error talking to an Elemental Delta server; carries the method and URL. */
export class DeltaApiError extends DeltaLibError {
  /** A request that failed in transit may pass; subclasses narrow this (HTTP 4xx, unknown content). */
  override get retryable(): boolean {
    return true;
  }
  readonly method: string;
  readonly url: string;
  constructor(method: string, url: string, message: string, options: DeltaLibErrorOptions = {}) {
    super(`Delta ${method} ${url}: ${message}`, options);
    this.name = 'DeltaApiError';
    this.method = method;
    this.url = url;
  }
}

/** The Delta server answered with an HTTP error; `serverMessage` is what it said. */
export class DeltaHttpError extends DeltaApiError {
  override get retryable(): boolean {
    return this.status >= 500;
  }
  readonly status: number;
  readonly serverMessage: string;
  constructor(method: string, url: string, status: number, serverMessage: string) {
    super(method, url, `HTTP ${status}${serverMessage ? `: ${serverMessage}` : ''}`);
    this.name = 'DeltaHttpError';
    this.status = status;
    this.serverMessage = serverMessage;
  }
}

/** The Delta server's body was not the XML we expected. */
export class DeltaResponseError extends DeltaApiError {
  readonly body: string;
  constructor(method: string, url: string, message: string, body: string, options: DeltaLibErrorOptions = {}) {
    super(method, url, message, options);
    this.name = 'DeltaResponseError';
    this.body = body.slice(0, 2000);
  }
}

/** The Delta server did not answer in time (or the connection failed). */
export class DeltaTimeoutError extends DeltaApiError {
  readonly timeoutMs: number;
  constructor(method: string, url: string, timeoutMs: number, options: DeltaLibErrorOptions = {}) {
    super(method, url, `no answer within ${timeoutMs} ms`, options);
    this.name = 'DeltaTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** The Delta content named by DELTA_CONTENTNAME does not exist on the server. */
export class DeltaContentNotFoundError extends DeltaApiError {
  override get retryable(): boolean {
    return false;
  }
  readonly contentName: string;
  constructor(url: string, contentName: string, available: readonly string[]) {
    super(
      'GET',
      url,
      `no content named "${contentName}" (server has: ${available.length ? available.map((n) => `"${n}"`).join(', ') : 'none'})`,
    );
    this.name = 'DeltaContentNotFoundError';
    this.contentName = contentName;
  }
}
