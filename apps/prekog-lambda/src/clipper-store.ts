/**
 * libs/delta's ClipperStore over libs/store (written here because libs/delta did not ship one
 * when this app was built): archived segments from the segments table, objects in the bucket,
 * clip records (ISO times and site-relative URLs in delta's shape, epoch ms and keys in the
 * store's), the clips feed.
 */
import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ArchivedSegment, ClipRecord, ClipUpdate, ClipperStore } from '@catfinder/delta';
import type { ClipRecord as StoredClip, Store } from '@catfinder/store';

const iso = (ms: number): string => new Date(ms).toISOString();

export function toDeltaClip(c: StoredClip): ClipRecord {
  return {
    id: c.id,
    channel: c.channel,
    label: c.label,
    status: c.status,
    ...(c.reason === undefined ? {} : { reason: c.reason }),
    start: iso(c.start),
    end: iso(c.end),
    startFrame: c.startFrame,
    endFrame: c.endFrame,
    frameCount: c.frameCount,
    durationSeconds: c.durationSeconds,
    ...(c.method === undefined ? {} : { method: c.method }),
    ...(c.verification === undefined ? {} : { verification: { ...c.verification } }),
    ...(c.latencySeconds === undefined ? {} : { latencySeconds: c.latencySeconds }),
    ...(c.detectorCalls === undefined ? {} : { detectorCalls: c.detectorCalls }),
    ...(c.mp4Key === undefined ? {} : { mp4Url: c.mp4Key }),
    ...(c.posterKey === undefined ? {} : { posterUrl: c.posterKey }),
    ...(c.hlsKey === undefined ? {} : { hlsUrl: c.hlsKey }),
    cuts: c.cuts.map((k) => ({ time: iso(k.time), frame: k.frame, ...(k.imageKey ? { thumbnailUrl: k.imageKey } : {}) })),
    createdAt: iso(c.createdAt),
  };
}

export function createClipperStore(store: Pick<Store, 'segments' | 'objects' | 'clips' | 'feeds' | 'bucket'>, s3: S3Client): ClipperStore {
  return {
    async listArchivedSegments(channel, from, to) {
      const out: ArchivedSegment[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.segments.listBySequence(channel, from, to, { limit: 200, ...(cursor ? { cursor } : {}) });
        for (const s of page.items) {
          if (s.status !== 'done' || !s.archiveKey) continue;
          out.push({
            mediaSequence: s.mediaSequence,
            key: s.archiveKey,
            startTimeMs: s.startTime,
            duration: s.duration,
            discontinuitySequence: s.discontinuitySequence ?? 0,
            ...(s.initKey ? { initKey: s.initKey } : {}),
          });
        }
        cursor = page.next;
      } while (cursor);
      return out;
    },
    async getObject(key) {
      const bytes = await store.objects.getBytes(key);
      if (!bytes) throw new Error(`object ${key} is not in bucket ${store.bucket}`);
      return bytes;
    },
    async putObject(key, body, contentType, cacheControl) {
      await store.objects.put(key, body, { contentType, cacheControl });
    },
    async deleteObject(key) {
      await s3.send(new DeleteObjectCommand({ Bucket: store.bucket, Key: key }), { abortSignal: AbortSignal.timeout(10_000) });
    },
    async getClip(id) {
      const c = await store.clips.get(id);
      return c ? toDeltaClip(c) : undefined;
    },
    async createClip(record) {
      const result = await store.clips.create({
        id: record.id,
        channel: record.channel,
        label: record.label,
        start: Date.parse(record.start),
        end: Date.parse(record.end),
        startFrame: record.startFrame,
        endFrame: record.endFrame,
        frameCount: record.frameCount,
        durationSeconds: record.durationSeconds,
        cuts: record.cuts.map((c) => ({ time: Date.parse(c.time), frame: c.frame, ...(c.thumbnailUrl ? { imageKey: c.thumbnailUrl } : {}) })),
      });
      return result.created ? { created: true, clip: toDeltaClip(result.clip) } : { created: false, clip: toDeltaClip(result.existing) };
    },
    async updateClip(id, to, update: ClipUpdate = {}, options = {}) {
      const result = await store.clips.transition(
        id,
        to,
        {
          ...(update.reason === undefined ? {} : { reason: update.reason }),
          ...(update.method === undefined ? {} : { method: update.method }),
          ...(update.verification === undefined ? {} : { verification: update.verification }),
          ...(update.latencySeconds === undefined ? {} : { latencySeconds: update.latencySeconds }),
          ...(update.detectorCalls === undefined ? {} : { detectorCalls: update.detectorCalls }),
          ...(update.mp4Url === undefined ? {} : { mp4Key: update.mp4Url }),
          ...(update.posterUrl === undefined ? {} : { posterKey: update.posterUrl }),
          ...(update.hlsUrl === undefined ? {} : { hlsKey: update.hlsUrl }),
          ...(update.frameCount === undefined ? {} : { frameCount: update.frameCount }),
          ...(update.durationSeconds === undefined ? {} : { durationSeconds: update.durationSeconds }),
        },
        options,
      );
      return result.ok ? toDeltaClip(result.clip) : undefined;
    },
    async refreshClipsFeed() {
      await store.feeds.publishClips();
    },
  };
}
