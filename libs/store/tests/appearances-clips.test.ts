import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipFeedEntry, type AppearanceSample } from '../src/index';
import { startTestStore, type TestStore } from './helpers/store';

const T0 = 1_770_000_000_000;
const sample = (i: number, matched = true): AppearanceSample => ({
  time: T0 + i * 1000,
  frame: `2026-02-02 02:40:${String(i).padStart(2, '0')};00`,
  mediaSequence: 500 + Math.floor(i / 2),
  index: (i % 2) * 25,
  imageKey: `samples/demo/${500 + Math.floor(i / 2)}/${(i % 2) * 25}.jpg`,
  confidence: matched ? 90 + i : null,
  matched,
  isCut: i === 0,
});

/** Provisional clip bounds (the caller state prekog keeps on an open appearance). */
const bounds = (n: number) => ({
  start: { mediaSequence: 1, index: 0 },
  end: { mediaSequence: 1, index: 10 + n },
  startTime: 1_800_000_000_000,
  endTime: 1_800_000_000_400 + n,
  frameCount: 11 + n,
  frameRate: 25,
  provisional: true,
  startBy: 'cut' as const,
  endBy: 'last-match' as const,
  capped: false,
  rollClamped: false,
});

describe('label summary', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await startTestStore();
  });
  afterAll(async () => t?.stop());

  it('counts each sighting once, moves lastSeen forward and lists newest first across channels', async () => {
    const l = t.store.labels;
    const s1 = {
      time: T0,
      mediaSequence: 1,
      index: 0,
      frame: 'a',
      confidence: 91,
      thumbnailKey: 'samples/demo/1/0.jpg',
    };
    const s2 = {
      time: T0 + 2000,
      mediaSequence: 2,
      index: 0,
      frame: 'b',
      confidence: 95.5,
      thumbnailKey: 'samples/demo/2/0.jpg',
    };
    expect(await l.recordSighting('demo', 'Cat', s1)).toEqual({ applied: true });
    expect(await l.recordSighting('demo', 'Cat', s2)).toEqual({ applied: true });
    expect(await l.recordSighting('demo', 'Cat', s1)).toEqual({ applied: false }); // replay of an older sample
    expect(await l.recordSighting('demo', 'Cat', s2)).toEqual({ applied: false }); // replay of the same sample
    await l.recordSighting('news', 'Person', { ...s1, time: T0 + 5000 });
    await l.recordSighting('demo', 'Sports Car', { ...s1, time: T0 - 5000 });
    expect(await l.get('demo', 'Cat')).toMatchObject({
      count: 2,
      lastSeen: T0 + 2000,
      lastSeenFrame: 'b',
      confidence: 95.5,
      thumbnailKey: 'samples/demo/2/0.jpg',
    });
    const newest = await l.listNewest();
    expect(newest.items.map((x) => `${x.channel}/${x.name}`)).toEqual(['news/Person', 'demo/Cat', 'demo/Sports Car']);
    expect((await l.listForChannel('demo')).items.map((x) => x.name)).toEqual(['Cat', 'Sports Car']);
  });
});

describe('appearances', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await startTestStore();
  });
  afterAll(async () => t?.stop());

  it('keeps one open appearance per channel and trigger across runs, then closes it', async () => {
    const a = t.store.appearances;
    expect(await a.getOpen('demo', 'Cat')).toBeUndefined();
    const opened = await a.open('demo', 'Cat', sample(0), { state: { provisional: bounds(0) } });
    expect(opened.opened).toBe(true);
    if (!opened.opened) throw new Error('unreachable');
    const id = opened.appearance.id;
    expect(id).toMatch(/^0*1770000000000-[0-9a-f]{10}$/);

    // a later run (fresh store) sees the same open appearance and cannot open another
    const run2 = t.make();
    const again = await run2.appearances.open('demo', 'Cat', sample(3));
    expect(again).toMatchObject({ opened: false, existing: { id } });
    // replaying the very same open is idempotent
    expect(await run2.appearances.open('demo', 'Cat', sample(0))).toMatchObject({ opened: true, appearance: { id } });

    const upd = await run2.appearances.update('demo', 'Cat', id, {
      appendSamples: [sample(1), sample(2), sample(1)],
      state: { provisional: bounds(0) },
    });
    expect(upd.ok).toBe(true);
    const upd2 = await run2.appearances.update('demo', 'Cat', id, {
      appendSamples: [sample(2), sample(3, false)],
      state: { provisional: bounds(1) },
    });
    if (!upd2.ok) throw new Error(upd2.reason);
    expect(upd2.appearance.samples.map((s) => s.time - T0)).toEqual([0, 1000, 2000, 3000]);
    expect(upd2.appearance.state).toEqual({ provisional: bounds(1) });

    const closed = await run2.appearances.close('demo', 'Cat', id, {
      time: T0 + 2000,
      frame: 'end',
      appendSamples: [sample(4, false)],
    });
    expect(closed).toMatchObject({ closed: true, appearance: { open: false, end: T0 + 2000, endFrame: 'end' } });
    expect(await run2.appearances.close('demo', 'Cat', id, { time: T0 + 2000, frame: 'end' })).toMatchObject({
      closed: false,
      reason: 'already-closed',
    });
    expect(await a.update('demo', 'Cat', id, { appendSamples: [sample(9)] })).toMatchObject({
      ok: false,
      reason: 'closed',
    });
    expect(await a.getOpen('demo', 'Cat')).toBeUndefined();

    // the next sighting opens a new appearance
    const next = await a.open('demo', 'Cat', sample(10));
    expect(next.opened).toBe(true);
    if (!next.opened) throw new Error('unreachable');
    expect(next.appearance.id).not.toBe(id);
    expect(await a.setClip('demo', 'Cat', id, 'clip-1')).toMatchObject({ ok: true, appearance: { clipId: 'clip-1' } });

    const list = await a.listForChannel('demo', 'Cat');
    expect(list.items.map((x) => [x.id, x.open])).toEqual([
      [next.appearance.id, true],
      [id, false],
    ]);
    const page1 = await a.listByLabel('Cat', { limit: 1 });
    expect(page1.items.map((x) => x.id)).toEqual([next.appearance.id]);
    const page2 = await a.listByLabel('Cat', { limit: 1, cursor: page1.next });
    expect(page2.items.map((x) => x.id)).toEqual([id]);
  });

  it('lets only one of two concurrent openers win, also when replacing a closed appearance', async () => {
    const other = t.make();
    for (let round = 0; round < 8; round += 1) {
      const channel = `race${round}`;
      if (round % 2 === 1) {
        // a closed appearance already sits behind the pointer
        const old = await t.store.appearances.open(channel, 'Cat', sample(0));
        if (!old.opened) throw new Error('setup failed');
        await t.store.appearances.close(channel, 'Cat', old.appearance.id, { time: T0, frame: 'x' });
      }
      const [x, y] = await Promise.all([
        t.store.appearances.open(channel, 'Cat', sample(5)),
        other.appearances.open(channel, 'Cat', sample(6)),
      ]);
      expect([x.opened, y.opened].filter(Boolean), channel).toHaveLength(1);
      const open = await t.store.appearances.getOpen(channel, 'Cat');
      const winner = x.opened ? x.appearance : y.opened ? y.appearance : undefined;
      expect(open?.id, channel).toBe(winner?.id);
      const all = (await t.store.appearances.listForChannel(channel, 'Cat')).items;
      expect(
        all.filter((a) => a.open),
        channel,
      ).toHaveLength(1);
    }
  });

  it('does not reopen a closed appearance when its open is replayed', async () => {
    const a = await t.store.appearances.open('replay', 'Cat', sample(0));
    if (!a.opened) throw new Error('setup failed');
    await t.store.appearances.close('replay', 'Cat', a.appearance.id, { time: T0 + 1000, frame: 'e' });
    const again = await t.store.appearances.open('replay', 'Cat', sample(0));
    expect(again).toMatchObject({ opened: false, existing: { id: a.appearance.id, open: false } });
    expect(await t.store.appearances.getOpen('replay', 'Cat')).toBeUndefined();
  });
});

describe('clips', () => {
  let t: TestStore;
  let clock = T0;
  beforeAll(async () => {
    t = await startTestStore({ now: () => clock });
  });
  afterAll(async () => t?.stop());

  const newClip = (id: string, channel = 'demo', label = 'Cat') => ({
    id,
    channel,
    label,
    start: T0,
    end: T0 + 4000,
    startFrame: 's',
    endFrame: 'e',
    frameCount: 100,
    durationSeconds: 4,
    cuts: [{ time: T0, frame: 's', imageKey: 'samples/demo/1/0.jpg' }],
  });

  it('is created once per id and moves pending → cutting → ready only', async () => {
    const c = t.store.clips;
    const created = await c.create(newClip('c1'));
    expect(created).toMatchObject({ created: true, clip: { status: 'pending', cuts: [{ frame: 's' }] } });
    expect(await c.create({ ...newClip('c1'), frameCount: 5 })).toMatchObject({
      created: false,
      existing: { frameCount: 100 },
    });
    expect(await c.transition('c1', 'ready')).toMatchObject({
      ok: false,
      reason: 'invalid-transition',
      current: { status: 'pending' },
    });
    expect(await c.transition('c1', 'cutting')).toMatchObject({ ok: true, clip: { status: 'cutting' } });
    expect(await c.transition('c1', 'cutting')).toMatchObject({ ok: false, reason: 'invalid-transition' });
    const ready = await c.transition('c1', 'ready', {
      method: 'smart',
      verification: { passed: true, method: 'framemd5' },
      mp4Key: 'clips/demo/c1.mp4',
      posterKey: 'clips/demo/c1.jpg',
      latencySeconds: 7.5,
    });
    expect(ready).toMatchObject({
      ok: true,
      clip: {
        status: 'ready',
        method: 'smart',
        verification: { passed: true },
        mp4Key: 'clips/demo/c1.mp4',
        latencySeconds: 7.5,
      },
    });
    expect(await c.transition('c1', 'failed', { reason: 'late' })).toMatchObject({
      ok: false,
      reason: 'invalid-transition',
      current: { status: 'ready' },
    });
    expect(await c.transition('nope', 'cutting')).toEqual({ ok: false, reason: 'not-found' });
  });

  it('lets a crashed cutter be replaced only after staleCuttingMs', async () => {
    const c = t.store.clips;
    await c.create(newClip('c2'));
    expect((await c.transition('c2', 'cutting')).ok).toBe(true);
    expect((await c.transition('c2', 'cutting', {}, { staleCuttingMs: 60_000 })).ok).toBe(false);
    clock += 60_001;
    expect((await c.transition('c2', 'cutting', {}, { staleCuttingMs: 60_000 })).ok).toBe(true);
    expect(await c.transition('c2', 'failed', { reason: 'ffmpeg exited 1' })).toMatchObject({
      ok: true,
      clip: { status: 'failed', reason: 'ffmpeg exited 1' },
    });
  });

  it('lists newest first overall, per channel and per label, with paging', async () => {
    const c = t.store.clips;
    clock += 1000;
    await c.create(newClip('c3', 'news', 'Person'));
    clock += 1000;
    await c.create(newClip('c4', 'demo', 'Person'));
    expect((await c.list()).items.map((x) => x.id)).toEqual(['c4', 'c3', 'c2', 'c1']);
    expect((await c.listByChannel('demo')).items.map((x) => x.id)).toEqual(['c4', 'c2', 'c1']);
    expect((await c.listByLabel('Person')).items.map((x) => x.id)).toEqual(['c4', 'c3']);
    const p1 = await c.list({ limit: 3, direction: 'forward' });
    expect(p1.items.map((x) => x.id)).toEqual(['c1', 'c2', 'c3']);
    expect((await c.list({ limit: 3, direction: 'forward', cursor: p1.next })).items.map((x) => x.id)).toEqual(['c4']);
  });

  it('keeps what cut a clip short (a timeline break) and lists it in the clips feed; refuses any other value', async () => {
    const c = t.store.clips;
    await c.create({ ...newClip('c5'), cutShortBy: 'gap' });
    expect(await c.get('c5')).toMatchObject({ cutShortBy: 'gap' });
    expect(clipFeedEntry((await c.get('c5'))!)).toMatchObject({ id: 'c5', cutShortBy: 'gap' });
    expect(clipFeedEntry((await c.get('c1'))!)).not.toHaveProperty('cutShortBy', expect.anything());
    await expect(c.create({ ...newClip('c6'), cutShortBy: 'stall' as unknown as 'gap' })).rejects.toThrow(
      /invalid cutShortBy "stall": must be "gap" or "reset"/,
    );
  });

  it('rejects hostile clip ids', async () => {
    await expect(t.store.clips.create(newClip('../../etc'))).rejects.toThrow(/invalid clipId/);
    await expect(t.store.clips.get('a/b')).rejects.toThrow(/invalid clipId/);
  });
});
