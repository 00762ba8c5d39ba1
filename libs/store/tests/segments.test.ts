import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidIdError } from '../src/index';
import { startTestStore, type TestStore } from './helpers/store';

describe('segment claims', () => {
  let t: TestStore;
  let clock = 1_800_000_000_000;
  beforeAll(async () => {
    t = await startTestStore({ now: () => clock });
  });
  afterAll(async () => t?.stop());

  it('lets exactly one of two claimers win, then reports done after completion', async () => {
    const s = t.store.segments;
    const info = {
      startTime: 1_700_000_000_000,
      duration: 2,
      discontinuitySequence: 0,
      clock: 'program-date-time' as const,
    };
    const [a, b] = await Promise.all([
      s.claim('demo', 1, { owner: 'run-a', info }),
      s.claim('demo', 1, { owner: 'run-b', info }),
    ]);
    expect([a.claimed, b.claimed].sort()).toEqual([false, true]);
    const winner = a.claimed ? a : b;
    const loser = a.claimed ? b : a;
    expect(loser).toMatchObject({ claimed: false, reason: 'leased' });
    if (!winner.claimed) throw new Error('unreachable');
    expect(winner.attempt).toBe(1);
    expect(
      await s.complete('demo', 1, winner.token, {
        archiveKey: 'segments/demo/1.ts',
        timeline: { firstSeenAt: 1_700_000_000_500, frameCount: 50, frameRate: 25 },
      }),
    ).toEqual({ ok: true });
    // completing again with the same token (a lost response retried) is still ok
    expect(await s.complete('demo', 1, winner.token)).toEqual({ ok: true });
    expect(await s.claim('demo', 1, { owner: 'run-c' })).toMatchObject({ claimed: false, reason: 'done' });
    const rec = await s.get('demo', 1);
    expect(rec).toMatchObject({
      status: 'done',
      archiveKey: 'segments/demo/1.ts',
      startTime: 1_700_000_000_000,
      duration: 2,
      timeline: { firstSeenAt: 1_700_000_000_500, frameCount: 50, frameRate: 25 },
    });
  });

  it('lets another run take over a segment whose lease expired; the old holder loses it', async () => {
    const s = t.store.segments;
    const first = await s.claim('demo', 2, { owner: 'crashed', leaseMs: 1000 });
    expect(first.claimed).toBe(true);
    expect(await s.claim('demo', 2, { owner: 'early' })).toMatchObject({ claimed: false, reason: 'leased' });
    clock += 1001;
    const second = await s.claim('demo', 2, { owner: 'rescuer' });
    expect(second).toMatchObject({ claimed: true, attempt: 2 });
    if (!first.claimed || !second.claimed) throw new Error('unreachable');
    expect(await s.complete('demo', 2, first.token)).toMatchObject({ ok: false, reason: 'lost-lease' });
    expect(await s.renew('demo', 2, second.token, 5000)).toEqual({ ok: true });
    expect(await s.complete('demo', 2, second.token)).toEqual({ ok: true });
  });

  it('retries released segments at once and never claims failed ones again', async () => {
    const s = t.store.segments;
    const a = await s.claim('demo', 3, { owner: 'x' });
    if (!a.claimed) throw new Error('claim failed');
    expect(await s.release('demo', 3, a.token, 'fetch timeout')).toEqual({ ok: true });
    const b = await s.claim('demo', 3, { owner: 'y' });
    if (!b.claimed) throw new Error('re-claim failed');
    expect(await s.fail('demo', 3, b.token, 'corrupt segment')).toEqual({ ok: true });
    expect(await s.claim('demo', 3, { owner: 'z' })).toMatchObject({
      claimed: false,
      reason: 'failed',
      current: { reason: 'corrupt segment' },
    });
    expect(await s.complete('demo', 99, 'nope')).toEqual({ ok: false, reason: 'not-found' });
  });

  it('lists segments by sequence and by overlapping time, paging both ways', async () => {
    const s = t.store.segments;
    const base = 1_750_000_000_000;
    for (let seq = 10; seq < 20; seq += 1)
      await s.claim('ch2', seq, { owner: 'o', info: { startTime: base + (seq - 10) * 2000, duration: 2 } });
    const p1 = await s.listBySequence('ch2', 10, 19, { limit: 4 });
    expect(p1.items.map((r) => r.mediaSequence)).toEqual([10, 11, 12, 13]);
    const p2 = await s.listBySequence('ch2', 10, 19, { limit: 4, cursor: p1.next });
    expect(p2.items.map((r) => r.mediaSequence)).toEqual([14, 15, 16, 17]);
    const back = await s.listBySequence('ch2', 10, 19, { limit: 3, direction: 'backward' });
    expect(back.items.map((r) => r.mediaSequence)).toEqual([19, 18, 17]);
    // [base+5000, base+9000] overlaps segments starting at +4000 (12), +6000, +8000 (14)
    const overlap = await s.listOverlapping('ch2', base + 5000, base + 9000);
    expect(overlap.items.map((r) => r.mediaSequence)).toEqual([12, 13, 14]);
  });

  it('keeps a versioned cursor with carry state; a stale writer gets a result, not an error', async () => {
    const s = t.store.segments;
    expect(await s.getCursor('cur')).toBeUndefined();
    const r1 = await s.putCursor(
      'cur',
      {
        lastMediaSequence: 5,
        carry: { sinceSample: 1.25, lastHash: 'ab' },
        run: { hasLast: true, source: { endTime: 123 } },
      },
      undefined,
    );
    expect(r1).toEqual({ ok: true, version: 1 });
    const c1 = await s.getCursor('cur');
    expect(c1).toMatchObject({
      lastMediaSequence: 5,
      carry: { sinceSample: 1.25, lastHash: 'ab' },
      run: { hasLast: true, source: { endTime: 123 } },
      version: 1,
    });
    expect(await s.putCursor('cur', { lastMediaSequence: 6 }, 1)).toEqual({ ok: true, version: 2 });
    const stale = await s.putCursor('cur', { lastMediaSequence: 7 }, 1);
    expect(stale).toMatchObject({
      ok: false,
      reason: 'version-mismatch',
      current: { lastMediaSequence: 6, version: 2 },
    });
    expect((await s.getCursor('cur'))?.carry).toBeUndefined();
    expect(await s.putCursor('cur', { lastMediaSequence: 1 }, undefined)).toMatchObject({ ok: false });
  });

  it('claims a reused media sequence afresh in a later timeline epoch, and only once per epoch', async () => {
    const s = t.store.segments;
    const before = await s.claim('restart', 5, { owner: 'run-a' });
    if (!before.claimed) throw new Error('first claim lost');
    await s.complete('restart', 5, before.token, { archiveKey: 'segments/restart/5.ts' });
    // Same epoch: done stays done.
    expect(await s.claim('restart', 5, { owner: 'run-b' })).toMatchObject({ claimed: false, reason: 'done' });
    // The encoder restarted and reuses 5: epoch 1 claims it, once.
    const after = await s.claim('restart', 5, { owner: 'run-b', epoch: 1 });
    expect(after).toMatchObject({ claimed: true });
    expect(await s.claim('restart', 5, { owner: 'run-c', epoch: 1 })).toMatchObject({
      claimed: false,
      reason: 'leased',
    });
    // A run still on the old epoch cannot take it back.
    expect(await s.claim('restart', 5, { owner: 'run-old' })).toMatchObject({ claimed: false });
    expect(await s.get('restart', 5)).toMatchObject({ status: 'claimed', owner: 'run-b', epoch: 1 });
  });

  it("keeps an earlier epoch's done segments when a later epoch takes their numbers over, listed per epoch", async () => {
    const s = t.store.segments;
    const info = (startTime: number) => ({
      startTime,
      duration: 2,
      discontinuitySequence: 0,
      clock: 'program-date-time' as const,
    });
    for (const seq of [5, 6, 7]) {
      const c = await s.claim('kept', seq, { owner: 'run-a', info: info(1_700_000_000_000 + seq * 2000) });
      if (!c.claimed) throw new Error('claim lost');
      await s.complete('kept', seq, c.token, {
        archiveKey: `segments/kept/${seq}.ts`,
        timeline: { firstSeenAt: 1, frameCount: 60, frameRate: 30 },
      });
    }
    // The encoder restarts and reuses 5 and 6 (epoch 1); 7 is not reached yet.
    for (const seq of [5, 6]) {
      const c = await s.claim('kept', seq, { owner: 'run-b', epoch: 1, info: info(1_700_000_100_000 + seq * 2000) });
      if (!c.claimed) throw new Error('epoch 1 claim lost');
      await s.complete('kept', seq, c.token, {
        archiveKey: `segments/kept/e1/${seq}.ts`,
        timeline: { firstSeenAt: 2, frameCount: 60, frameRate: 30 },
      });
    }
    const epoch0 = await s.listEpochBySequence('kept', 0, 0, 100);
    expect(epoch0.map((r) => [r.channel, r.mediaSequence, r.epoch, r.archiveKey, r.startTime])).toEqual([
      ['kept', 5, 0, 'segments/kept/5.ts', 1_700_000_010_000],
      ['kept', 6, 0, 'segments/kept/6.ts', 1_700_000_012_000],
      ['kept', 7, 0, 'segments/kept/7.ts', 1_700_000_014_000],
    ]);
    const epoch1 = await s.listEpochBySequence('kept', 1, 0, 100);
    expect(epoch1.map((r) => [r.mediaSequence, r.epoch, r.archiveKey])).toEqual([
      [5, 1, 'segments/kept/e1/5.ts'],
      [6, 1, 'segments/kept/e1/6.ts'],
    ]);
    // The channel's own listing is unchanged: one record per sequence, the current one.
    expect((await s.listBySequence('kept', 0, 100)).items.map((r) => [r.mediaSequence, r.epoch])).toEqual([
      [5, 1],
      [6, 1],
      [7, 0],
    ]);
  });

  it('rejects hostile ids before touching the table', async () => {
    await expect(t.store.segments.claim('../x', 1, { owner: 'o' })).rejects.toThrow(InvalidIdError);
    await expect(t.store.segments.claim('demo', -1, { owner: 'o' })).rejects.toThrow(/mediaSequence/);
    await expect(t.store.segments.listBySequence('demo', 0, 5, { cursor: 'not-a-cursor' })).rejects.toThrow(
      /invalid cursor/,
    );
  });
});
