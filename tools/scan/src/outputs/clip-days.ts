/**
 * The clip history of a scan — `feeds/clips/days.json` and `feeds/clips/days/<YYYY-MM-DD>.json` —
 * in the shapes libs/store's ClipDayPublisher writes (its keys, `summariseDay`, `withDaySummary`),
 * so the dashboard's History view works on a scan's site as on a live one.
 *
 * A clip's day is the UTC day it was created (cut), the store's rule: its media times count from
 * 1970-01-01 and are no calendar day. Within a day the clips keep the scan's programme order
 * (oldest start first), like the scan's clips.json.
 */
import type { ClipRecord } from '@catfinder/delta';
import {
  CLIP_DAYS_INDEX_KEY,
  clipDayKey,
  summariseDay,
  utcDay,
  withDaySummary,
  type ClipDayEntry,
  type ClipDayFeed,
  type ClipDaysIndex,
} from '@catfinder/store';

/** One feed file to write under the output folder, by its store key. */
export interface ClipDayFile {
  readonly key: string;
  readonly feed: ClipDayFeed | ClipDaysIndex;
}

/** A day page entry: the clips.json entry without its cut list (and without the unpublished appearance id). */
function dayEntry(clip: ClipRecord): ClipDayEntry {
  const { cuts: _cuts, appearanceId: _appearanceId, ...entry } = clip;
  return entry;
}

/** Every day page of `clips`, then the index naming them (newest day first). */
export function buildClipDays(clips: readonly ClipRecord[], generatedAt: Date): ClipDayFile[] {
  const byDay = new Map<string, ClipRecord[]>();
  for (const clip of [...clips].sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id))) {
    const day = utcDay(Date.parse(clip.createdAt));
    byDay.set(day, [...(byDay.get(day) ?? []), clip]);
  }
  const files: ClipDayFile[] = [];
  let index: ClipDaysIndex = { version: 1, generatedAt: generatedAt.toISOString(), days: [] };
  for (const [day, list] of byDay) {
    const feed: ClipDayFeed = { version: 1, generatedAt: generatedAt.toISOString(), day, clips: list.map(dayEntry) };
    files.push({ key: clipDayKey(day), feed });
    index = withDaySummary(index, summariseDay(feed), generatedAt);
  }
  return [...files, { key: CLIP_DAYS_INDEX_KEY, feed: index }];
}
