import {
  DEFAULT_BACKOFF_MS,
  DEFAULT_MAX_PLAYLIST_BYTES,
  DEFAULT_MAX_REDIRECTS,
  DEFAULT_RETRIES,
  DEFAULT_TIMEOUT_MS,
} from './constants';
import { FetchAbortedError, FetchTimeoutError, HlsError, HttpStatusError, NetworkError } from './errors';
import { readBytes } from './body';
import type { ByteRange } from './types';
import { HostPolicy } from './url';

/** Options of every HTTP GET made by this lib. */
export interface FetchOptions {
  /**
   * Timeout of one attempt (headers and body), ms.
   * @default 10000
   */
  readonly timeoutMs?: number;
  /**
   * Extra attempts after the first, on 5xx, network errors and timeouts (never on 4xx).
   * @default 2
   */
  readonly retries?: number;
  /**
   * Delay before the first retry, doubled for each further one, ms.
   * @default 250
   */
  readonly backoffMs?: number;
  /**
   * Largest body accepted, bytes.
   * @default 8 MiB (playlists); segment downloads default to 200 MiB
   */
  readonly maxBytes?: number;
  /**
   * Redirect hops followed; each target must pass the host policy.
   * @default 5
   */
  readonly maxRedirects?: number;
  /**
   * Hosts that may be fetched. Unset: only the requested URL's own host (so a redirect to
   * another host is refused). See {@link HostPolicy}.
   */
  readonly hostPolicy?: HostPolicy;
  /** Abort everything (including backoff waits). */
  readonly signal?: AbortSignal;
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A successful response. */
export interface FetchResult {
  /** Final URL after redirects. */
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly bytes: Uint8Array;
  /** Attempts used (1 = no retry). */
  readonly attempts: number;
}

class RetryableError extends Error {
  constructor(
    readonly kind: 'status' | 'timeout' | 'network',
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(kind, options);
  }
}

/** Reads a successful response's body; throws HlsError (not retried) or anything else (retried as a network error). */
export type BodyReader<T> = (
  response: Response,
  maxBytes: number,
  url: string,
  range: ByteRange | undefined,
) => Promise<T>;

/**
 * GET `url` with a timeout per attempt, bounded retries with exponential backoff on 5xx /
 * network errors / timeouts, no retry on 4xx, a body size cap, and the host allow-list checked
 * on the URL and every redirect. Errors are {@link HlsError}s naming the URL and status.
 * `range` sends a Range header; a server that ignores it (200) is handled by slicing.
 */
export async function fetchBytes(
  url: string,
  options: FetchOptions & { range?: ByteRange } = {},
): Promise<FetchResult> {
  const { value, ...rest } = await guardedGet(url, options, readBytes);
  return { ...rest, bytes: value };
}

/**
 * The guarded GET behind {@link fetchBytes} and the file download: every guarantee of
 * fetchBytes, with the body handed to `readBody` (which enforces `maxBytes` as it reads).
 */
export async function guardedGet<T>(
  url: string,
  options: FetchOptions & { range?: ByteRange },
  readBody: BodyReader<T>,
): Promise<Omit<FetchResult, 'bytes'> & { value: T }> {
  const policy = options.hostPolicy ?? new HostPolicy(url);
  policy.assert(url);
  const retries = Math.max(0, options.retries ?? DEFAULT_RETRIES);
  const backoff = options.backoffMs ?? DEFAULT_BACKOFF_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let last: RetryableError | undefined;
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    if (attempt > 1) await sleep(backoff * 2 ** (attempt - 2), options.signal, url);
    try {
      const result = await attemptOnce(url, policy, timeoutMs, options, attempt, readBody);
      return { ...result, attempts: attempt };
    } catch (error) {
      if (!(error instanceof RetryableError)) throw error;
      last = error;
    }
  }
  const attempts = retries + 1;
  if (last?.kind === 'status') throw new HttpStatusError(url, last.status!, attempts);
  if (last?.kind === 'timeout') throw new FetchTimeoutError(url, timeoutMs, attempts);
  throw new NetworkError(url, attempts, last?.cause);
}

/** GET a text resource (a playlist) with {@link fetchBytes}' guarantees. */
export async function fetchText(url: string, options: FetchOptions = {}): Promise<FetchResult & { text: string }> {
  const result = await fetchBytes(url, { ...options, maxBytes: options.maxBytes ?? DEFAULT_MAX_PLAYLIST_BYTES });
  return { ...result, text: new TextDecoder('utf-8').decode(result.bytes) };
}

async function attemptOnce<T>(
  url: string,
  policy: HostPolicy,
  timeoutMs: number,
  options: FetchOptions & { range?: ByteRange },
  attempt: number,
  readBody: BodyReader<T>,
): Promise<Omit<FetchResult, 'attempts' | 'bytes'> & { value: T }> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_PLAYLIST_BYTES;
  const headers: Record<string, string> = { ...options.headers };
  if (options.range) headers.Range = `bytes=${options.range.offset}-${options.range.offset + options.range.length - 1}`;
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const response = await fetch(current, { redirect: 'manual', signal, headers });
      if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
        await response.body?.cancel();
        if (hop >= (options.maxRedirects ?? DEFAULT_MAX_REDIRECTS)) {
          throw new HlsError(`GET ${url}: more than ${options.maxRedirects ?? DEFAULT_MAX_REDIRECTS} redirects`, {
            url,
            status: response.status,
          });
        }
        const next = new URL(response.headers.get('location')!, current).href;
        policy.assert(next, `redirect from ${current}`);
        current = next;
        continue;
      }
      if (response.status >= 500) {
        await response.body?.cancel();
        throw new RetryableError('status', response.status);
      }
      if (response.status < 200 || response.status >= 300) {
        await response.body?.cancel();
        throw new HttpStatusError(
          current === url ? url : `${url} (redirected to ${current})`,
          response.status,
          attempt,
        );
      }
      const value = await readBody(response, maxBytes, current, options.range);
      return { url: current, status: response.status, headers: response.headers, value };
    }
  } catch (error) {
    if (error instanceof HlsError || error instanceof RetryableError) throw error;
    if (options.signal?.aborted) throw new FetchAbortedError(url, options.signal.reason);
    if (timeout.aborted) throw new RetryableError('timeout');
    throw new RetryableError('network', undefined, { cause: error });
  }
}

function sleep(ms: number, signal: AbortSignal | undefined, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new FetchAbortedError(url, signal.reason));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new FetchAbortedError(url, signal?.reason));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
