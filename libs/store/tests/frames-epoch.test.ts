/**
 * Frames of two timeline epochs on the DynamoDB stand-in (dynalite): after an encoder restart the
 * sequence numbers start from 0 again and the clock may even go back, so samples of both epochs
 * interleave in time. Epoch-scoped reads return one epoch only — also across pages that the
 * filter leaves short — and `before` with `since` never reads past its time bound.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidIdError, type FrameRecord, type FrameSample, type Page } from '../src/index';
import { startTestStore, type TestStore } from './helpers/store';

const T0 = 1_760_000_000_000;

/** Epoch 0: segments 0..11, a sample every second; epoch 1 (restart, clock back 5.5 s): segments 0..5, same pace. */
function samples(): FrameSample[] {
  const out: FrameSample[] = [];
  const add = (epoch: number, start: number, count: number) => {
    for (let i = 0; i < count; i += 1)
      out.push({
        ...(epoch > 0 ? { epoch } : {}),
        mediaSequence: Math.floor(i / 2),
        index: (i % 2) * 30,
        time: start + i * 1000,
        frame: `e${epoch}-${i}`,
        sceneScore: 0.01,
        isCut: i % 5 === 0,
      });
  };
  add(0, T0, 24);
  add(1, T0 + 18_500, 12);
  return out;
}

async function all(
  page: (cursor?: string) => Promise<Page<FrameRecord>>,
): Promise<{ items: FrameRecord[]; pages: number }> {
  const items: FrameRecord[] = [];
  let pages = 0;
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    items.push(...p.items);
    pages += 1;
    cursor = p.next;
  } while (cursor !== undefined);
  return { items, pages };
}

describe('frames of two timeline epochs', () => {
  let t: TestStore;
  const written = samples();
  beforeAll(async () => {
    t = await startTestStore();
    await t.store.frames.putMany('restart', written);
  });
  afterAll(async () => t?.stop());

  it('stores the epoch of a later epoch and reads it back; epoch 0 is stored without one', async () => {
    const page = await t.store.frames.between('restart', T0, T0 + 60_000, { limit: 100 });
    expect(page.items).toHaveLength(written.length);
    const byFrame = new Map(page.items.map((f) => [f.frame, f]));
    expect(byFrame.get('e1-3')).toMatchObject({ epoch: 1, mediaSequence: 1, index: 30 });
    expect(byFrame.get('e0-3')).not.toHaveProperty('epoch');
  });

  it('walks backward within one epoch, newest first, across pages the filter leaves short', async () => {
    const t1 = T0 + 30_000; // epoch 1's samples run 18.5 s .. 29.5 s, epoch 0's 0 .. 23 s
    const e1 = await all((cursor) =>
      t.store.frames.before('restart', t1, { limit: 3, epoch: 1, ...(cursor ? { cursor } : {}) }),
    );
    expect(e1.items.map((f) => f.frame)).toEqual(Array.from({ length: 12 }, (_, i) => `e1-${11 - i}`));
    const e0 = await all((cursor) =>
      t.store.frames.before('restart', t1, { limit: 3, epoch: 0, ...(cursor ? { cursor } : {}) }),
    );
    expect(e0.items.map((f) => f.frame)).toEqual(Array.from({ length: 24 }, (_, i) => `e0-${23 - i}`));
    // Unscoped, the two epochs interleave: what the scoped reads keep apart.
    const mixed = await t.store.frames.before('restart', T0 + 20_000, { limit: 4 });
    expect(mixed.items.map((f) => f.frame)).toEqual(['e1-1', 'e0-19', 'e1-0', 'e0-18']);
  });

  it('bounds the backward walk with `since` (inclusive) and keeps `before` strict', async () => {
    const first = written.find((s) => s.frame === 'e1-6')!;
    const page = await t.store.frames.before('restart', first.time, { limit: 100, epoch: 1, since: first.time - 3000 });
    expect(page.items.map((f) => f.frame)).toEqual(['e1-5', 'e1-4', 'e1-3']);
    expect(page.next).toBeUndefined();
  });

  it('reads forward between two times within one epoch', async () => {
    const page = await t.store.frames.between('restart', T0 + 18_000, T0 + 23_000, { limit: 100, epoch: 1 });
    expect(page.items.map((f) => f.frame)).toEqual(['e1-0', 'e1-1', 'e1-2', 'e1-3', 'e1-4']);
    const old = await t.store.frames.between('restart', T0 + 18_000, T0 + 23_000, { limit: 100, epoch: 0 });
    expect(old.items.map((f) => f.frame)).toEqual(['e0-18', 'e0-19', 'e0-20', 'e0-21', 'e0-22', 'e0-23']);
  });

  it('rejects a bad epoch with a clear error', async () => {
    await expect(t.store.frames.before('restart', T0, { epoch: -1 })).rejects.toBeInstanceOf(InvalidIdError);
    await expect(t.store.frames.put('restart', { ...written[0]!, epoch: 1.5 })).rejects.toBeInstanceOf(InvalidIdError);
  });
});
