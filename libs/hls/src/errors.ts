/** Context carried by every @catfinder/hls error. */
export interface HlsErrorContext {
  /** URL the error is about. */
  url?: string;
  /** HTTP status, when there was a response. */
  status?: number;
}

/** Base class of every error thrown by @catfinder/hls. */
export class HlsError extends Error {
  readonly url?: string;
  readonly status?: number;
  constructor(message: string, context: HlsErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HlsError';
    this.url = context.url;
    this.status = context.status;
  }
}

/** Machine-readable reason a playlist could not be parsed at all. */
export type PlaylistErrorCode =
  | 'empty'
  | 'binary'
  | 'too-large'
  | 'missing-extm3u'
  | 'bad-duration'
  | 'bad-target-duration'
  | 'bad-media-sequence'
  | 'bad-discontinuity-sequence'
  | 'duplicate-tag'
  | 'bad-byterange'
  | 'uri-without-extinf'
  | 'too-many-segments'
  | 'not-media'
  | 'not-master'
  | 'no-variants'
  | 'bad-uri'
  | 'i-frames-only'
  | 'malformed';

/** A playlist is unusable. `code` says why, `line` (1-based) where, when known. */
export class PlaylistParseError extends HlsError {
  readonly code: PlaylistErrorCode;
  readonly line?: number;
  constructor(code: PlaylistErrorCode, detail: string, url: string, line?: number) {
    super(`invalid playlist ${url}${line === undefined ? '' : ` line ${line}`}: ${detail}`, { url });
    this.name = 'PlaylistParseError';
    this.code = code;
    this.line = line;
  }
}

/** The server answered with a non-2xx status (not retried for 4xx). */
export class HttpStatusError extends HlsError {
  constructor(url: string, status: number, attempts: number) {
    super(`GET ${url} failed: HTTP ${status} (after ${attempts} attempt${attempts === 1 ? '' : 's'})`, { url, status });
    this.name = 'HttpStatusError';
  }
}

/** No response within the timeout (on every attempt). */
export class FetchTimeoutError extends HlsError {
  readonly timeoutMs: number;
  constructor(url: string, timeoutMs: number, attempts: number) {
    super(`GET ${url} timed out after ${timeoutMs} ms (after ${attempts} attempt${attempts === 1 ? '' : 's'})`, {
      url,
    });
    this.name = 'FetchTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** Connection refused/reset, DNS failure … on every attempt. */
export class NetworkError extends HlsError {
  constructor(url: string, attempts: number, cause: unknown) {
    super(
      `GET ${url} failed: ${cause instanceof Error ? cause.message : String(cause)} (after ${attempts} attempts)`,
      { url },
      { cause },
    );
    this.name = 'NetworkError';
  }
}

/** The body is larger than the cap. */
export class ResponseTooLargeError extends HlsError {
  readonly maxBytes: number;
  constructor(url: string, maxBytes: number, status?: number) {
    super(`GET ${url}: response larger than ${maxBytes} bytes`, { url, status });
    this.name = 'ResponseTooLargeError';
    this.maxBytes = maxBytes;
  }
}

/** A URL (or a redirect) points at a host the channel does not allow (server-side request forgery guard). */
export class HostNotAllowedError extends HlsError {
  readonly host: string;
  constructor(url: string, host: string, detail = '') {
    super(`refused ${url}: host ${host} is not allowed${detail ? ` (${detail})` : ''}`, { url });
    this.name = 'HostNotAllowedError';
    this.host = host;
  }
}

/** The caller aborted. */
export class FetchAbortedError extends HlsError {
  constructor(url: string, cause: unknown) {
    super(`GET ${url} aborted`, { url }, { cause });
    this.name = 'FetchAbortedError';
  }
}

/** No variant of a master playlist fits the selection rule. */
export class VariantSelectionError extends HlsError {
  constructor(message: string, url: string) {
    super(message, { url });
    this.name = 'VariantSelectionError';
  }
}

/** Writing a downloaded body to its file failed (disk full, no such directory …); the partial file is removed. */
export class SegmentWriteError extends HlsError {
  readonly path: string;
  constructor(url: string, path: string, cause: unknown) {
    super(
      `GET ${url}: cannot write ${path}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { url },
      { cause },
    );
    this.name = 'SegmentWriteError';
    this.path = path;
  }
}
