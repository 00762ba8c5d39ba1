/**
 * Uploads a clip's objects all-or-nothing: if any put fails, the ones that succeeded are deleted,
 * so a reader never finds a playlist without its media or an MP4 without its record. The record
 * (written after this) is what makes the clip visible.
 */
import { ClipProductionError } from '../errors';
import type { ClipperStore } from '../store-port';

export interface ObjectToPublish {
  key: string;
  body: Uint8Array | string;
  contentType: string;
  cacheControl: string;
}

export async function publishAll(store: ClipperStore, objects: readonly ObjectToPublish[]): Promise<void> {
  const results = await Promise.allSettled(
    objects.map((o) => store.putObject(o.key, o.body, o.contentType, o.cacheControl)),
  );
  const failed = results.flatMap((r, i) =>
    r.status === 'rejected' ? [{ key: objects[i]?.key, reason: r.reason as Error }] : [],
  );
  if (failed.length === 0) return;
  await Promise.allSettled(objects.map((o) => store.deleteObject(o.key)));
  const first = failed[0];
  throw new ClipProductionError('publish', `uploading ${first?.key}: ${first?.reason.message}`, {
    cause: first?.reason,
  });
}

/** Takes back objects of a clip that will not be recorded ready (best effort). */
export async function unpublishAll(store: ClipperStore, keys: readonly string[]): Promise<void> {
  await Promise.allSettled(keys.map((k) => store.deleteObject(k)));
}
