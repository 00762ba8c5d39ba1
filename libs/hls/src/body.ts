import { open, rm } from 'node:fs/promises';
import { HlsError, ResponseTooLargeError, SegmentWriteError } from './errors';
import type { ByteRange } from './types';

/**
 * Stream a response body chunk by chunk to `onChunk`, never holding more than one chunk: the
 * declared length and the running total are checked against `maxBytes` (so an oversize chunked
 * body is cut off as soon as it passes the cap). With a `range` the server ignored (HTTP 200),
 * only the range's bytes are passed on and reading stops at its end. Returns the bytes passed on.
 */
export async function streamCapped(
  response: Response,
  maxBytes: number,
  url: string,
  range: ByteRange | undefined,
  onChunk: (chunk: Uint8Array) => void | Promise<void>,
): Promise<number> {
  const slicing = range !== undefined && response.status !== 206;
  const declared = Number(response.headers.get('content-length'));
  if (!slicing && Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new ResponseTooLargeError(url, maxBytes, response.status);
  }
  const start = slicing ? range.offset : 0;
  const end = slicing ? range.offset + range.length : Number.POSITIVE_INFINITY;
  let read = 0;
  let passed = 0;
  const reader = response.body?.getReader();
  while (reader && read < end) {
    const { done, value } = await reader.read();
    if (done) break;
    const at = read;
    read += value.byteLength;
    if (read > maxBytes) {
      await reader.cancel();
      throw new ResponseTooLargeError(url, maxBytes, response.status);
    }
    const from = Math.max(0, start - at);
    const to = Math.min(value.byteLength, end - at);
    if (to > from) {
      const chunk = from === 0 && to === value.byteLength ? value : value.subarray(from, to);
      await onChunk(chunk);
      passed += chunk.byteLength;
    }
  }
  if (reader && read >= end) await reader.cancel();
  if (range && passed !== range.length) {
    throw new HlsError(
      `GET ${url}: expected ${range.length} bytes at ${range.offset}, got ${passed} (HTTP ${response.status})`,
      { url, status: response.status },
    );
  }
  return passed;
}

/** Body into one buffer (playlists, init sections, the buffer segment API). */
export async function readBytes(
  response: Response,
  maxBytes: number,
  url: string,
  range: ByteRange | undefined,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const total = await streamCapped(response, maxBytes, url, range, (chunk) => void chunks.push(chunk));
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * A body reader writing to `path` (created or truncated per attempt): memory stays at one chunk
 * whatever the size. On any failure — size cap, timeout, short range, disk error — the partial
 * file is removed before the error propagates. File-system errors are {@link SegmentWriteError}s
 * (never retried as network errors).
 */
export function writeToFile(
  path: string,
): (response: Response, maxBytes: number, url: string, range: ByteRange | undefined) => Promise<number> {
  return async (response, maxBytes, url, range) => {
    const file = await open(path, 'w').catch((cause: unknown) => {
      throw new SegmentWriteError(url, path, cause);
    });
    try {
      const written = await streamCapped(response, maxBytes, url, range, async (chunk) => {
        await file.write(chunk).catch((cause: unknown) => {
          throw new SegmentWriteError(url, path, cause);
        });
      });
      await file.close();
      return written;
    } catch (error) {
      await file.close().catch(() => undefined);
      await rm(path, { force: true });
      throw error;
    }
  };
}
