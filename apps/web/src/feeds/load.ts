/** Fetches a feed as text with a timeout; every failure becomes a FeedLoadError naming the URL. */
import { FETCH_TIMEOUT_MS } from '../constants';
import { FeedLoadError } from '../errors';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface LoadOptions {
  /** @default globalThis.fetch */
  fetch?: FetchLike;
  /** @default FETCH_TIMEOUT_MS (8000) */
  timeoutMs?: number;
}

/** Resolves to the body text, or `undefined` for 404 when `allowMissing` (optional files). */
export async function loadText(
  url: string,
  options: LoadOptions & { allowMissing?: boolean } = {},
): Promise<string | undefined> {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? FETCH_TIMEOUT_MS);
  try {
    // no-cache: revalidate with the bucket each poll instead of trusting a heuristic cache.
    const response = await doFetch(url, { cache: 'no-cache', signal: controller.signal });
    if (response.status === 404 && options.allowMissing) return undefined;
    if (!response.ok) throw new FeedLoadError(url, `HTTP ${response.status}`);
    return await response.text();
  } catch (error) {
    if (error instanceof FeedLoadError) throw error;
    const reason = controller.signal.aborted
      ? `timed out after ${options.timeoutMs ?? FETCH_TIMEOUT_MS} ms`
      : 'network error';
    throw new FeedLoadError(url, reason, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
