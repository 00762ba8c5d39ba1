import { DEFAULT_MAX_SEGMENT_BYTES } from './constants';
import { fetchBytes, type FetchOptions, type FetchResult } from './fetch';
import type { InitSection, Segment } from './types';

/**
 * Download one segment's bytes (only its byte range when it has one) — what the parse Lambda
 * archives and analyses. Same timeouts/retries/host policy as playlists; 200 MiB cap by default.
 */
export function downloadSegment(segment: Pick<Segment, 'uri' | 'byteRange'>, options: FetchOptions = {}): Promise<FetchResult> {
  return fetchBytes(segment.uri, {
    ...options,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_SEGMENT_BYTES,
    ...(segment.byteRange ? { range: segment.byteRange } : {}),
  });
}

/** Download an `#EXT-X-MAP` init section (fMP4). */
export function downloadInitSection(map: InitSection, options: FetchOptions = {}): Promise<FetchResult> {
  return downloadSegment(map, options);
}
