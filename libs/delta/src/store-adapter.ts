/**
 * The ClipperStore port on `@catfinder/store`'s public API (`createStore()`): segment records
 * for the archive, ObjectStore for bytes, ClipStore's state machine for records, FeedPublisher
 * for `feeds/clips.json`. Differences it bridges: the store keeps times as epoch ms and media
 * as object keys (the feed turns keys into site-relative URLs), while clip records here carry
 * ISO times and URLs. Deletes (taking back a half-published clip) go through the ObjectStore too,
 * so they share its key validation, SDK timeouts and bounded retries.
 */
import type { ClipOutcome, ClipRecord as StoredClip, NewClip, Store } from '@catfinder/store';
import { ClipProductionError } from './errors';
import type { ArchivedSegment, ClipUpdate, ClipperStore } from './store-port';
import type { ClipRecord } from './types';

const isAbsolute = (url: string | undefined): boolean => url !== undefined && /^[a-z][a-z0-9+.-]*:/i.test(url);
// Keys are what the store keeps; an absolute URL (a Delta endpoint) cannot be one.
const keyOf = (url: string | undefined): string | undefined =>
  url === undefined || isAbsolute(url) ? undefined : decodeURIComponent(url);

function fromStored(c: StoredClip): ClipRecord {
  const record: ClipRecord = {
    id: c.id,
    channel: c.channel,
    label: c.label,
    status: c.status,
    start: new Date(c.start).toISOString(),
    end: new Date(c.end).toISOString(),
    startFrame: c.startFrame,
    endFrame: c.endFrame,
    frameCount: c.frameCount,
    durationSeconds: c.durationSeconds,
    cuts: c.cuts.map((cut) => ({
      time: new Date(cut.time).toISOString(),
      frame: cut.frame,
      ...(cut.imageKey ? { thumbnailUrl: cut.imageKey } : {}),
    })),
    createdAt: new Date(c.createdAt).toISOString(),
  };
  if (c.reason !== undefined) record.reason = c.reason;
  if (c.method !== undefined) record.method = c.method;
  if (c.verification !== undefined) record.verification = { ...c.verification };
  if (c.latencySeconds !== undefined) record.latencySeconds = c.latencySeconds;
  if (c.detectorCalls !== undefined) record.detectorCalls = c.detectorCalls;
  if (c.appearanceId !== undefined) record.appearanceId = c.appearanceId;
  if (c.cutShortBy !== undefined) record.cutShortBy = c.cutShortBy;
  if (c.mp4Key !== undefined) record.mp4Url = c.mp4Key;
  if (c.posterKey !== undefined) record.posterUrl = c.posterKey;
  if (c.hlsKey !== undefined) record.hlsUrl = c.hlsKey;
  return record;
}

function toNewClip(r: ClipRecord): NewClip {
  const start = Date.parse(r.start);
  return {
    id: r.id,
    channel: r.channel,
    label: r.label,
    start,
    // The store refuses end < start, but a reversed request must still be recorded as failed;
    // its frame labels and reason keep what was asked.
    end: Math.max(start, Date.parse(r.end)),
    startFrame: r.startFrame,
    endFrame: r.endFrame,
    frameCount: r.frameCount,
    durationSeconds: r.durationSeconds,
    cuts: r.cuts.map((c) => ({
      time: Date.parse(c.time),
      frame: c.frame,
      ...(c.thumbnailUrl && !isAbsolute(c.thumbnailUrl) ? { imageKey: c.thumbnailUrl } : {}),
    })),
    ...(r.appearanceId !== undefined ? { appearanceId: r.appearanceId } : {}),
    ...(r.cutShortBy !== undefined ? { cutShortBy: r.cutShortBy } : {}),
  };
}

function toOutcome(u: ClipUpdate): ClipOutcome {
  const outcome: Record<string, unknown> = {
    reason: u.reason,
    method: u.method,
    verification: u.verification,
    latencySeconds: u.latencySeconds,
    detectorCalls: u.detectorCalls,
    mp4Key: keyOf(u.mp4Url),
    posterKey: keyOf(u.posterUrl),
    hlsKey: keyOf(u.hlsUrl),
    frameCount: u.frameCount,
    durationSeconds: u.durationSeconds,
  };
  for (const k of Object.keys(outcome)) if (outcome[k] === undefined) delete outcome[k];
  return outcome as ClipOutcome;
}

/** A ClipperStore backed by the project's store (tables + bucket). */
export function storeClipperStore(store: Store): ClipperStore {
  // The record just changed goes into the feed explicitly: the index the feed is read from is
  // eventually consistent on AWS.
  let lastChanged: StoredClip | undefined;
  return {
    async listArchivedSegments(channel, from, to, epoch = 0) {
      const out: ArchivedSegment[] = [];
      // That epoch's records, also where a later epoch (an encoder restart) reused the numbers.
      for (const s of await store.segments.listEpochBySequence(channel, epoch, from, to)) {
        if (s.archiveKey === undefined) continue;
        const segment: ArchivedSegment = {
          mediaSequence: s.mediaSequence,
          key: s.archiveKey,
          startTimeMs: s.startTime,
          duration: s.duration,
          discontinuitySequence: s.discontinuitySequence ?? 0,
        };
        if (s.initKey !== undefined) segment.initKey = s.initKey;
        out.push(segment);
      }
      return out;
    },
    async getObject(key) {
      const bytes = await store.objects.getBytes(key);
      if (bytes === undefined) throw new ClipProductionError('fetch', `archived object ${key} is gone (expired?)`);
      return bytes;
    },
    async putObject(key, body, contentType, cacheControl) {
      await store.objects.put(key, body, { contentType, cacheControl });
    },
    async deleteObject(key) {
      await store.objects.delete(key);
    },
    async getClip(id) {
      const c = await store.clips.get(id);
      return c === undefined ? undefined : fromStored(c);
    },
    async createClip(record) {
      const result = await store.clips.create(toNewClip(record));
      const stored = result.created ? result.clip : result.existing;
      if (result.created) lastChanged = stored;
      return { created: result.created, clip: fromStored(stored) };
    },
    async updateClip(id, to, update = {}, updateOptions = {}) {
      const result = await store.clips.transition(id, to, toOutcome(update), updateOptions);
      if (!result.ok) return undefined;
      lastChanged = result.clip;
      return fromStored(result.clip);
    },
    async refreshClipsFeed() {
      await store.feeds.publishClips(lastChanged ? { include: [lastChanged] } : {});
    },
  };
}
