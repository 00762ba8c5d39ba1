/** A scan's clip history (feeds/clips/days.json + day pages), in the shapes libs/store writes live. */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClipRecord } from '@catfinder/delta';
import { CLIP_DAYS_INDEX_KEY, clipDayKey } from '@catfinder/store';
import { buildClipDays } from '../src/outputs/clip-days';
import { ScanMemoryStore } from '../src/memory-store';

function clip(id: string, startSecond: number, createdAt: string): ClipRecord {
  const start = new Date(startSecond * 1000).toISOString();
  return {
    id,
    channel: 'short',
    label: id.startsWith('d') ? 'Dog' : 'Cat',
    status: 'ready',
    start,
    end: start,
    startFrame: `1970-01-01 00:00:0${startSecond};00`,
    endFrame: `1970-01-01 00:00:0${startSecond};24`,
    frameCount: 25,
    durationSeconds: 1,
    cuts: [{ time: start, frame: `1970-01-01 00:00:0${startSecond};00` }],
    createdAt,
    mp4Url: `clips/short/${id}.mp4`,
    appearanceId: `app-${id}`,
  };
}

const AT = new Date('2026-12-06T08:00:00.000Z');

describe('buildClipDays', () => {
  it('one page per UTC day the clips were cut (not their 1970 media day), in programme order, then the index', () => {
    const files = buildClipDays(
      [
        clip('c2', 5, '2026-12-06T00:00:01.000Z'),
        clip('c1', 3, '2026-12-06T00:00:02.000Z'),
        clip('d1', 7, '2026-12-05T23:59:59.000Z'),
      ],
      AT,
    );
    expect(files.map((f) => f.key)).toEqual([clipDayKey('2026-12-06'), clipDayKey('2026-12-05'), CLIP_DAYS_INDEX_KEY]);
    expect(files.map((f) => f.key)).toEqual([
      'feeds/clips/days/2026-12-06.json',
      'feeds/clips/days/2026-12-05.json',
      'feeds/clips/days.json',
    ]);
    const [dec6, , index] = files.map((f) => f.feed);
    expect(dec6).toMatchObject({ version: 1, generatedAt: AT.toISOString(), day: '2026-12-06' });
    const entries = (dec6 as unknown as { clips: Record<string, unknown>[] }).clips;
    expect(entries.map((c) => c['id'])).toEqual(['c1', 'c2']);
    // A day entry is the clips.json entry without its cut list; the appearance id is never published.
    expect(entries[0]).not.toHaveProperty('cuts');
    expect(entries[0]).not.toHaveProperty('appearanceId');
    expect(entries[0]).toMatchObject({ startFrame: '1970-01-01 00:00:03;00', mp4Url: 'clips/short/c1.mp4' });
    expect(index).toEqual({
      version: 1,
      generatedAt: AT.toISOString(),
      days: [
        { day: '2026-12-06', count: 2, channels: ['short'], labels: ['Cat'] },
        { day: '2026-12-05', count: 1, channels: ['short'], labels: ['Dog'] },
      ],
    });
  });

  it('no clip: an empty index and no page', () => {
    expect(buildClipDays([], AT)).toEqual([
      { key: 'feeds/clips/days.json', feed: { version: 1, generatedAt: AT.toISOString(), days: [] } },
    ]);
  });
});

describe('ScanMemoryStore.refreshClipsFeed', () => {
  it('writes the day index and day page beside clips.json, so History has the scan’s clips', async () => {
    const out = await mkdtemp(join(tmpdir(), 'scan-days-'));
    try {
      const store = new ScanMemoryStore('short', out);
      await store.createClip(clip('c1', 3, '2026-12-06T08:01:00.000Z'));
      await store.refreshClipsFeed();
      expect((await readdir(join(out, 'feeds/clips/days'))).sort()).toEqual(['2026-12-06.json']);
      const index = JSON.parse(await readFile(join(out, 'feeds/clips/days.json'), 'utf8'));
      expect(index.days).toEqual([{ day: '2026-12-06', count: 1, channels: ['short'], labels: ['Cat'] }]);
      const page = JSON.parse(await readFile(join(out, 'feeds/clips/days/2026-12-06.json'), 'utf8'));
      expect(page.clips.map((c: { id: string }) => c.id)).toEqual(['c1']);
      const feed = JSON.parse(await readFile(join(out, 'feeds/clips.json'), 'utf8'));
      expect(page.generatedAt).toBe(feed.generatedAt);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
