/**
 * Fetches archived segments into a local folder for ffmpeg (which is given files, never URLs).
 * An fMP4 segment is written with its init section in front, which makes a self-contained file.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_FETCH_CONCURRENCY, DEFAULT_FETCH_TIMEOUT_MS } from '../constants';
import { ClipProductionError } from '../errors';
import type { ArchivedSegment, ClipperStore } from '../store-port';

export interface LocalSegment {
  mediaSequence: number;
  path: string;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ClipProductionError('fetch', `${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function fetchSegments(
  store: ClipperStore,
  segments: readonly ArchivedSegment[],
  dir: string,
  options: { concurrency?: number; timeoutMs?: number } = {},
): Promise<LocalSegment[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const inits = new Map<string, Promise<Uint8Array>>();
  const get = (key: string): Promise<Uint8Array> =>
    withTimeout(store.getObject(key), timeoutMs, `fetching ${key}`).catch((error: unknown) => {
      if (error instanceof ClipProductionError) throw error;
      throw new ClipProductionError('fetch', `fetching ${key}: ${(error as Error).message}`, { cause: error });
    });
  const fetchOne = async (segment: ArchivedSegment): Promise<LocalSegment> => {
    const ext = segment.key.slice(segment.key.lastIndexOf('.') + 1);
    const path = join(dir, `${segment.mediaSequence}.${ext}`);
    const bytes = await get(segment.key);
    if (bytes.byteLength === 0) throw new ClipProductionError('fetch', `archived segment ${segment.key} is empty`);
    if (segment.initKey) {
      let init = inits.get(segment.initKey);
      if (!init) {
        init = get(segment.initKey);
        inits.set(segment.initKey, init);
      }
      await writeFile(path, Buffer.concat([await init, bytes]));
    } else {
      await writeFile(path, bytes);
    }
    return { mediaSequence: segment.mediaSequence, path };
  };

  const results: LocalSegment[] = new Array<LocalSegment>(segments.length);
  let next = 0;
  let failure: unknown;
  // Workers stop taking segments after the first failure, and every worker is awaited before
  // returning, so nothing is still writing into `dir` when the caller removes it.
  const worker = async (): Promise<void> => {
    while (next < segments.length && failure === undefined) {
      const i = next;
      next += 1;
      try {
        results[i] = await fetchOne(segments[i] as ArchivedSegment);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  const workers = Array.from(
    { length: Math.min(segments.length, options.concurrency ?? DEFAULT_FETCH_CONCURRENCY) },
    worker,
  );
  await Promise.all(workers);
  if (failure !== undefined) throw failure;
  return results;
}
