/**
 * A kept clip keeps its pictures: the scene thumbnails a clip record lists point at sample images
 * under `samples/`, which expire after a few days while clips are kept. This copies each one to
 * `clips/<channel>/cuts/<mediaSequence>/<index>.jpg` (one copy per sample, shared by every clip
 * that shows it; a repeat copies the same bytes) and returns the cuts pointing there, so
 * everything a clip record references lives under `clips/`.
 */
import type { ClipperStore } from '../store-port';
import type { ClipCut } from '../types';
import { CLIP_CACHE_CONTROL, CONTENT_TYPE_JPEG } from '../constants';

/** `samples/<channel>/<seq>/<index>.jpg` → `clips/<channel>/cuts/<seq>/<index>.jpg`; other keys: undefined. */
export function keptThumbnailKey(sampleKey: string): string | undefined {
  const match = /^samples\/([^/]+)\/(.+\.jpg)$/.exec(sampleKey);
  return match && !match[2]!.split('/').includes('..') ? `clips/${match[1]}/cuts/${match[2]}` : undefined;
}

/**
 * Copies the cuts' sample thumbnails under `clips/`. A thumbnail that can no longer be read (the
 * sample already expired) is left off that cut, never fails the clip; `onMissing` hears of it.
 */
export async function keepCutThumbnails(
  store: Pick<ClipperStore, 'getObject' | 'putObject'>,
  cuts: readonly ClipCut[],
  onMissing?: (sampleKey: string, error: unknown) => void,
): Promise<ClipCut[]> {
  return Promise.all(
    cuts.map(async (cut) => {
      const kept = cut.thumbnailUrl === undefined ? undefined : keptThumbnailKey(cut.thumbnailUrl);
      if (cut.thumbnailUrl === undefined || kept === undefined) return { ...cut };
      try {
        await store.putObject(kept, await store.getObject(cut.thumbnailUrl), CONTENT_TYPE_JPEG, CLIP_CACHE_CONTROL);
        return { ...cut, thumbnailUrl: kept };
      } catch (error) {
        onMissing?.(cut.thumbnailUrl, error);
        const { thumbnailUrl: _dropped, ...rest } = cut;
        return rest;
      }
    }),
  );
}
