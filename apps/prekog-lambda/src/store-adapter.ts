/**
 * PrekogStore over libs/store: the backward and forward walks are ordered queries on the
 * frames table (newest-first before the first match, oldest-first after the last one), kept to
 * the appearance's timeline epoch and, backward, to the time that can still bound the clip; the
 * segment facts come from the segments parse completed, and the clip id is linked on the
 * appearance record (what makes a retried invoke a no-op).
 */
import type { FrameRecord, SegmentRecord, Store } from '@catfinder/store';
import type { SampleRow } from './clip-bounds';
import type { PrekogStore, SegmentFacts } from './ports';

function toRow(f: FrameRecord): SampleRow {
  return {
    frame: { mediaSequence: f.mediaSequence, index: f.index },
    time: f.time,
    isCut: f.isCut,
    ...(f.imageKey ? { imageKey: f.imageKey } : {}),
  };
}

/** Facts of a done segment; libs/store has already checked the stored timeline's shape. */
function toFacts(s: SegmentRecord): SegmentFacts | undefined {
  const t = s.timeline;
  if (s.status !== 'done' || !t?.frameCount || !t.frameRate) return undefined;
  return {
    mediaSequence: s.mediaSequence,
    frameCount: t.frameCount,
    frameRate: t.frameRate,
    startTime: s.startTime,
    discontinuitySequence: s.discontinuitySequence ?? 0,
    firstSeenAt: t.firstSeenAt,
  };
}

/**
 * Up to `limit` items of a paged query. An epoch-scoped page may come back short with a `next`
 * (DynamoDB filters after its Limit), so pages are read on until `limit` or the end of the range.
 */
async function collect(
  limit: number,
  page: (cursor: string | undefined) => Promise<{ items: FrameRecord[]; next?: string }>,
): Promise<FrameRecord[]> {
  const items: FrameRecord[] = [];
  let cursor: string | undefined;
  do {
    const got = await page(cursor);
    items.push(...got.items);
    cursor = got.next;
  } while (cursor !== undefined && items.length < limit);
  return items.slice(0, limit);
}

export function createPrekogStore(store: Pick<Store, 'frames' | 'segments' | 'appearances'>): PrekogStore {
  return {
    async samplesBefore(channel, t, limit, scope = {}) {
      const { epoch, since } = scope;
      const frames = await collect(limit, (cursor) =>
        store.frames.before(channel, t, {
          limit,
          ...(cursor === undefined ? {} : { cursor }),
          ...(epoch === undefined ? {} : { epoch }),
          ...(since === undefined ? {} : { since }),
        }),
      );
      return frames.map(toRow);
    },
    async samplesAfter(channel, from, to, limit, scope = {}) {
      const { epoch } = scope;
      const frames = await collect(limit, (cursor) =>
        store.frames.between(channel, from, to, {
          limit,
          ...(cursor === undefined ? {} : { cursor }),
          ...(epoch === undefined ? {} : { epoch }),
        }),
      );
      return frames.filter((f) => f.time > from).map(toRow);
    },
    async sampleAt(channel, time, mediaSequence, index) {
      const page = await store.frames.between(channel, time, time, { limit: 10 });
      const hit = page.items.find((f) => f.mediaSequence === mediaSequence && f.index === index);
      return hit ? toRow(hit) : undefined;
    },
    async segments(channel, from, to, epoch = 0) {
      // That epoch's segments, also where a later epoch (an encoder restart) reused their numbers.
      const records = await store.segments.listEpochBySequence(channel, epoch, from, to);
      return records.map(toFacts).filter((f): f is SegmentFacts => f !== undefined);
    },
    async getAppearanceClip(channel, label, appearanceId) {
      const a = await store.appearances.get(channel, label, appearanceId);
      if (!a) return undefined;
      const provisional = a.state?.provisional;
      return { ...(a.clipId ? { clipId: a.clipId } : {}), ...(provisional ? { provisional } : {}) };
    },
    async saveProvisionalBounds(channel, label, appearanceId, bounds) {
      // A closed appearance refuses the update: its final bounds are on their way anyway.
      await store.appearances.update(channel, label, appearanceId, { state: { provisional: bounds } });
    },
    async saveClipId(channel, label, appearanceId, clipId) {
      await store.appearances.setClip(channel, label, appearanceId, clipId);
    },
  };
}
