import { DEFAULT_MAX_SEGMENT_BYTES } from './constants';
import { writeToFile } from './body';
import { fetchBytes, guardedGet, type FetchOptions, type FetchResult } from './fetch';
import type { InitSection, Segment } from './types';

/** Result of {@link downloadSegmentToFile}. */
export interface FileDownloadResult extends Omit<FetchResult, 'bytes'> {
  /** Where the bytes are. */
  readonly path: string;
  /** Bytes written (the byte range's length when the segment has one). */
  readonly bytesWritten: number;
}

/**
 * Download one segment's bytes (only its byte range when it has one) — what the parse Lambda
 * archives and analyses. Same timeouts/retries/host policy as playlists; 200 MiB cap by default.
 * Holds the whole segment in memory: prefer {@link downloadSegmentToFile} for large segments.
 */
export function downloadSegment(
  segment: Pick<Segment, 'uri' | 'byteRange'>,
  options: FetchOptions = {},
): Promise<FetchResult> {
  return fetchBytes(segment.uri, {
    ...options,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_SEGMENT_BYTES,
    ...(segment.byteRange ? { range: segment.byteRange } : {}),
  });
}

/**
 * Download one segment (or init section) straight to the file `path`, with the same guards as
 * {@link downloadSegment} (host policy on the URL and every redirect, size cap — 200 MiB by
 * default —, timeout per attempt, bounded retries): memory stays at one network chunk whatever
 * the size, and on any failure the partial file is removed.
 */
export async function downloadSegmentToFile(
  segment: Pick<Segment, 'uri' | 'byteRange'>,
  path: string,
  options: FetchOptions = {},
): Promise<FileDownloadResult> {
  const { value, ...rest } = await guardedGet(
    segment.uri,
    {
      ...options,
      maxBytes: options.maxBytes ?? DEFAULT_MAX_SEGMENT_BYTES,
      ...(segment.byteRange ? { range: segment.byteRange } : {}),
    },
    writeToFile(path),
  );
  return { ...rest, path, bytesWritten: value };
}

/** Download an `#EXT-X-MAP` init section (fMP4). */
export function downloadInitSection(map: InitSection, options: FetchOptions = {}): Promise<FetchResult> {
  return downloadSegment(map, options);
}
