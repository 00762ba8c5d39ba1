/**
 * What the clippers need from storage. `libs/store` owns the tables and the bucket; this narrow
 * port keeps the clippers testable and lets the adapter in `store-adapter.ts` map it onto the
 * store's public API.
 */
import type { ClipRecord } from './types';

/** One archived raw segment of a channel. */
export interface ArchivedSegment {
  mediaSequence: number;
  /** Object key of the raw bytes, e.g. `segments/demo/42.ts`. */
  key: string;
  /** Absolute start (epoch ms). */
  startTimeMs: number;
  /** Seconds. */
  duration: number;
  /** Segments of different discontinuity sequences are different timelines. */
  discontinuitySequence: number;
  /** Object key of the init section (fMP4), when the segment has one. */
  initKey?: string;
}

export interface ClipStore {
  /** Archived segments with `from ≤ mediaSequence ≤ to`, ascending; missing ones simply absent. */
  listArchivedSegments(channel: string, from: number, to: number): Promise<ArchivedSegment[]>;
  /** Bytes of an object. */
  getObject(key: string): Promise<Uint8Array>;
  /** Stores an object with its content type and cache control. */
  putObject(key: string, body: Uint8Array | string, contentType: string, cacheControl: string): Promise<void>;
  /** Removes an object (used to take back a half-published clip). */
  deleteObject(key: string): Promise<void>;
  /** The clip record with this id, if any. */
  getClip(id: string): Promise<ClipRecord | undefined>;
  /** Writes (creates or replaces) a clip record. */
  putClip(record: ClipRecord): Promise<void>;
  /** Rewrites `feeds/clips.json` from the clip records. */
  refreshClipsFeed(): Promise<void>;
}
