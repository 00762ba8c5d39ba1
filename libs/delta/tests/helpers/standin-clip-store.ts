/**
 * A ClipStore on the real S3 stand-in (s3rver): every object — archived segments, clip media,
 * the clips feed — is a real S3 object with its content type. Clip records and the archive index
 * are kept in memory here (with the store's status rules) because libs/store does not yet export
 * its segment and clip repositories; `puts` and `deletes` show what was published or taken back.
 */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { CLIPS_FEED_KEY } from '@catfinder/store';
import type { ArchivedSegment, ClipperStore } from '../../src/store-port';
import type { ClipRecord, ClipStatus } from '../../src/types';

export interface StandInClipStore extends ClipperStore {
  archived: ArchivedSegment[];
  records: Map<string, ClipRecord>;
  puts: string[];
  deletes: string[];
  /** Keys whose next put fails (fault injection). */
  failPuts: Set<string>;
}

const ALLOWED_FROM: Record<Exclude<ClipStatus, 'pending'>, ClipStatus[]> = { cutting: ['pending'], ready: ['cutting'], failed: ['pending', 'cutting'] };

export function standInClipStore(s3: S3Client, bucket: string): StandInClipStore {
  const cuttingSince = new Map<string, number>();
  const store: StandInClipStore = {
    archived: [],
    records: new Map(),
    puts: [],
    deletes: [],
    failPuts: new Set(),
    async listArchivedSegments(channel, from, to) {
      return store.archived
        .filter((s) => s.key.startsWith(`segments/${channel}/`) && s.mediaSequence >= from && s.mediaSequence <= to)
        .sort((a, b) => a.mediaSequence - b.mediaSequence);
    },
    async getObject(key) {
      const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    },
    async putObject(key, body, contentType, cacheControl) {
      if (store.failPuts.delete(key)) throw new Error(`injected failure putting ${key}`);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, CacheControl: cacheControl }));
      store.puts.push(key);
    },
    async deleteObject(key) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      store.deletes.push(key);
    },
    async getClip(id) {
      const record = store.records.get(id);
      return record ? structuredClone(record) : undefined;
    },
    async createClip(record) {
      const existing = store.records.get(record.id);
      if (existing) return { created: false, clip: structuredClone(existing) };
      store.records.set(record.id, structuredClone({ ...record, status: 'pending' }));
      cuttingSince.delete(record.id);
      return { created: true, clip: structuredClone(record) };
    },
    async updateClip(id, to, update = {}, options = {}) {
      const current = store.records.get(id);
      if (!current) return undefined;
      const stale = to === 'cutting' && current.status === 'cutting' && options.staleCuttingMs !== undefined && Date.now() - (cuttingSince.get(id) ?? 0) > options.staleCuttingMs;
      if (!ALLOWED_FROM[to].includes(current.status) && !stale) return undefined;
      if (to === 'cutting') cuttingSince.set(id, Date.now());
      const next = { ...current, ...update, status: to };
      store.records.set(id, structuredClone(next));
      return structuredClone(next);
    },
    async refreshClipsFeed() {
      const clips = [...store.records.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 50);
      const feed = { version: 1, generatedAt: new Date().toISOString(), clips };
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: CLIPS_FEED_KEY, Body: JSON.stringify(feed), ContentType: 'application/json', CacheControl: 'max-age=5' }),
      );
    },
  };
  return store;
}
