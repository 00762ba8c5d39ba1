/**
 * What the clippers need from storage. `libs/store` owns the tables and the bucket; this narrow
 * port keeps the clippers independent of table layouts, and `store-adapter.ts` maps it onto the
 * store's public API. The clip methods mirror the store's state machine:
 * pending → cutting → ready | failed (failed also from pending), each step conditional.
 */
import type { ClipRecord, ClipStatus } from './types';

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

/** Fields that a status change may set. */
export type ClipUpdate = Partial<
  Pick<
    ClipRecord,
    | 'reason'
    | 'method'
    | 'verification'
    | 'latencySeconds'
    | 'detectorCalls'
    | 'mp4Url'
    | 'posterUrl'
    | 'hlsUrl'
    | 'frameCount'
    | 'durationSeconds'
  >
>;

export interface ClipperStore {
  /** Archived segments of timeline `epoch` (default 0) with `from ≤ mediaSequence ≤ to`, ascending; missing ones simply absent. */
  listArchivedSegments(channel: string, from: number, to: number, epoch?: number): Promise<ArchivedSegment[]>;
  /** Bytes of an object. */
  getObject(key: string): Promise<Uint8Array>;
  /** Stores an object with its content type and cache control. */
  putObject(key: string, body: Uint8Array | string, contentType: string, cacheControl: string): Promise<void>;
  /** Removes an object (used to take back a half-published clip). */
  deleteObject(key: string): Promise<void>;
  /** The clip record with this id, if any. */
  getClip(id: string): Promise<ClipRecord | undefined>;
  /** Creates the record as `pending` unless one with its id exists, which is then returned. */
  createClip(record: ClipRecord): Promise<{ created: boolean; clip: ClipRecord }>;
  /**
   * Moves a clip to `to` if its status allows (pending → cutting; a `cutting` clip silent for
   * `staleCuttingMs` may be re-taken; cutting → ready; pending | cutting → failed).
   * Returns the updated record, or `undefined` when the move is not allowed.
   */
  updateClip(
    id: string,
    to: Exclude<ClipStatus, 'pending'>,
    update?: ClipUpdate,
    options?: { staleCuttingMs?: number },
  ): Promise<ClipRecord | undefined>;
  /** Rewrites `feeds/clips.json` from the clip records. */
  refreshClipsFeed(): Promise<void>;
}
