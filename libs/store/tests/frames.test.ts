import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameSample } from '../src/index';
import { startTestStore, type TestStore } from './helpers/store';

const T0 = 1_760_000_000_000;
const FPS = 30_000 / 1001; // 29.97: frame times are fractional ms

/** 3 segments × 6 samples; a cut every 4th sample. */
function samples(): FrameSample[] {
  const out: FrameSample[] = [];
  for (let i = 0; i < 18; i += 1) {
    const seq = 100 + Math.floor(i / 6);
    const index = (i % 6) * 10;
    out.push({
      mediaSequence: seq,
      index,
      time: T0 + ((seq - 100) * 60 + index) * (1000 / FPS),
      frame: `f${i}`,
      sceneScore: i % 4 === 0 ? 0.9 : 0.01,
      isCut: i % 4 === 0,
      imageKey: `samples/demo/${seq}/${index}.jpg`,
      observation: i === 5 ? [{ Name: 'Cat', Confidence: 97.5, Parents: [{ Name: 'Pet' }], Instances: [] }] : undefined,
      matchedLabels: i === 5 ? ['Cat'] : [],
      ...(i === 6 ? { reused: true } : {}),
    });
  }
  return out;
}

describe('frames', () => {
  let t: TestStore;
  const all = samples();
  beforeAll(async () => {
    t = await startTestStore();
    await t.store.frames.putMany('demo', all.slice(0, 10));
    for (const s of all.slice(10)) await t.store.frames.put('demo', s);
    await t.store.frames.put('other', { ...all[0]!, frame: 'other channel' });
  });
  afterAll(async () => t?.stop());

  it('returns samples between t1 and t2 in time order, with their observation', async () => {
    const page = await t.store.frames.between('demo', all[2]!.time, all[7]!.time);
    expect(page.items.map((f) => f.frame)).toEqual(['f2', 'f3', 'f4', 'f5', 'f6', 'f7']);
    expect(page.next).toBeUndefined();
    const f5 = page.items[3]!;
    expect(f5).toMatchObject({
      channel: 'demo',
      mediaSequence: 100,
      index: 50,
      isCut: false,
      matchedLabels: ['Cat'],
      imageKey: 'samples/demo/100/50.jpg',
    });
    expect(f5.observation).toEqual([{ Name: 'Cat', Confidence: 97.5, Parents: [{ Name: 'Pet' }], Instances: [] }]);
    expect(f5.time).toBeCloseTo(all[5]!.time, 6);
    // Whether the observation was reused (no detector call) is kept on the row.
    expect(page.items.map((f) => f.reused ?? false)).toEqual([false, false, false, false, true, false]);
  });

  it('pages forward and backward with Limit, never repeating or skipping', async () => {
    const forward: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.store.frames.between('demo', T0, T0 + 10_000, { limit: 5, cursor });
      expect(page.items.length).toBeLessThanOrEqual(5);
      forward.push(...page.items.map((f) => f.frame));
      cursor = page.next;
    } while (cursor !== undefined);
    expect(forward).toEqual(all.map((s) => s.frame));

    const backward: string[] = [];
    cursor = undefined;
    do {
      const page = await t.store.frames.between('demo', T0, T0 + 10_000, { limit: 4, cursor, direction: 'backward' });
      backward.push(...page.items.map((f) => f.frame));
      cursor = page.next;
    } while (cursor !== undefined);
    expect(backward).toEqual([...forward].reverse());
  });

  it('finds the previous and next cut around t in one query each', async () => {
    const f = t.store.frames;
    // cuts are f0, f4, f8, f12, f16
    expect((await f.previousCut('demo', all[6]!.time))?.frame).toBe('f4');
    expect((await f.nextCut('demo', all[6]!.time))?.frame).toBe('f8');
    expect((await f.previousCut('demo', all[8]!.time))?.frame).toBe('f4');
    expect((await f.previousCut('demo', all[8]!.time, { inclusive: true }))?.frame).toBe('f8');
    expect((await f.nextCut('demo', all[8]!.time))?.frame).toBe('f12');
    expect((await f.nextCut('demo', all[8]!.time, { inclusive: true }))?.frame).toBe('f8');
    expect(await f.previousCut('demo', all[0]!.time)).toBeUndefined();
    expect(await f.nextCut('demo', all[16]!.time)).toBeUndefined();
    const cuts = await f.cutsBetween('demo', T0, T0 + 10_000, { direction: 'backward', limit: 2 });
    expect(cuts.items.map((c) => c.frame)).toEqual(['f16', 'f12']);
  });

  it('walks before/after t a page at a time', async () => {
    const before = await t.store.frames.before('demo', all[9]!.time, { limit: 3 });
    expect(before.items.map((x) => x.frame)).toEqual(['f8', 'f7', 'f6']);
    const more = await t.store.frames.before('demo', all[9]!.time, { limit: 3, cursor: before.next });
    expect(more.items.map((x) => x.frame)).toEqual(['f5', 'f4', 'f3']);
    const after = await t.store.frames.after('demo', all[15]!.time, { limit: 5 });
    expect(after.items.map((x) => x.frame)).toEqual(['f16', 'f17']);
  });

  it('writes idempotently: re-putting a sample does not duplicate it; channels are separate', async () => {
    await t.store.frames.putMany('demo', [...all.slice(0, 3), all[0]!, { ...all[1]!, frame: 'f1' }]);
    const page = await t.store.frames.between('demo', T0, T0 + 10_000, { limit: 100 });
    expect(page.items).toHaveLength(18);
    const other = await t.store.frames.between('other', T0, T0 + 10_000);
    expect(other.items.map((x) => x.frame)).toEqual(['other channel']);
  });

  it('rejects bad samples with a clear error', async () => {
    await expect(t.store.frames.put('demo', { ...all[0]!, time: Number.NaN })).rejects.toThrow(/invalid time/);
    await expect(t.store.frames.put('de mo', all[0]!)).rejects.toThrow(/invalid channel/);
    await expect(t.store.frames.between('demo', T0, T0 + 1, { limit: 0 })).rejects.toThrow(/invalid limit/);
  });
});
