/**
 * Start-up checks that turn the usual first-run problems into one clear message each, before
 * anything is started: a port in use, an HLS URL that does not answer (the data folder: data-dir.ts).
 */
import { createServer } from 'node:net';
import {
  DEFAULT_MAX_PLAYLIST_BYTES,
  FetchTimeoutError,
  fetchText,
  HlsError,
  HostNotAllowedError,
  HostPolicy,
  HttpStatusError,
  NetworkError,
  ResponseTooLargeError,
} from '@catfinder/hls';
import { HLS_CHECK_TIMEOUT_MS } from './constants';
import { FlagValueError, LocalStackError } from './errors';

/** Throws FlagValueError when `port` cannot be bound on 127.0.0.1 (0: any free port, nothing to check). */
export async function checkPortFree(port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new FlagValueError(
          `port ${port} on 127.0.0.1 is not available (${error.code ?? error.message}); pass --port <n>`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** Options of {@link checkHlsUrl}; the defaults are the follower's. */
export interface HlsCheckOptions {
  /** Further hosts the channel may redirect to or load from (the handlers' ALLOWED_HOSTS). */
  readonly allowedHosts?: readonly string[];
  /** Time for the whole answer (headers and body), ms. @default HLS_CHECK_TIMEOUT_MS */
  readonly timeoutMs?: number;
  /** Largest playlist accepted, bytes. @default libs/hls DEFAULT_MAX_PLAYLIST_BYTES */
  readonly maxBytes?: number;
}

/**
 * Fetches `url` once through libs/hls's guarded fetch — the same host policy (checked on every
 * redirect), size cap and timeout as the follower — so the check can neither be steered at an
 * internal host nor made to read an endless body. Every failure is one LocalStackError line.
 */
export async function checkHlsUrl(url: string, options: HlsCheckOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? HLS_CHECK_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_PLAYLIST_BYTES;
  let text: string;
  try {
    const policy = new HostPolicy(url, options.allowedHosts ?? []);
    ({ text } = await fetchText(url, { hostPolicy: policy, timeoutMs, maxBytes, retries: 0 }));
  } catch (error) {
    throw new LocalStackError(`--hls-url ${url}: ${hlsProblem(error, timeoutMs, maxBytes)}`);
  }
  if (!text.trimStart().startsWith('#EXTM3U'))
    throw new LocalStackError(`--hls-url ${url}: not an HLS playlist (no #EXTM3U)`);
}

/** The reason of a failed check, in words, by error type. */
function hlsProblem(error: unknown, timeoutMs: number, maxBytes: number): string {
  if (error instanceof HostNotAllowedError) {
    return `${error.message}; pass --allowed-host ${error.host} if that host belongs to the channel`;
  }
  if (error instanceof ResponseTooLargeError)
    return `the answer is larger than ${formatBytes(maxBytes)}, far more than a playlist; stopped reading`;
  if (error instanceof FetchTimeoutError) return `no complete answer within ${timeoutMs / 1000} s`;
  if (error instanceof HttpStatusError) return `answered HTTP ${error.status ?? '?'}`;
  if (error instanceof NetworkError) {
    const cause = error.cause as (Error & { code?: string; cause?: { code?: string } }) | undefined;
    return `does not answer (${cause?.cause?.code ?? cause?.code ?? cause?.message ?? 'network error'})`;
  }
  if (error instanceof HlsError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}
