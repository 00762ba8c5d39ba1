/**
 * Clip bounds after an encoder restart: the new timeline epoch numbers its segments from 0 again,
 * so the samples around an appearance must come from the appearance's epoch only — a sample of the
 * previous epoch within maxClipSeconds (a cut, or just a neighbour) names a frame of a different
 * segment. In-memory port that honours the scope it is asked for, as the store adapter does.
 */
import { describe, expect, it } from 'vitest';
import type { SampleRow } from '../../src/clip-bounds';
import type { PrekogEvent } from '../../src/events';
import type { PrekogStore, SampleScope, SegmentFacts } from '../../src/ports';
import { boundsFor } from '../../src/run-prekog';
import { closedEvent, OWN_EPOCH_BOUNDS } from '../helpers/closed-event';

const T0 = 1_700_000_000_000;
const RATE = 30;

type EpochRow = SampleRow & { readonly epoch: number };

interface Timeline {
  readonly epoch: number;
  /** Start of segment 0, epoch ms. */
  readonly start: number;
  readonly segments: number;
}

const at = (tl: Timeline, seq: number, index: number, isCut = false): EpochRow => ({
  epoch: tl.epoch,
  frame: { mediaSequence: seq, index },
  time: tl.start + seq * 2000 + (index * 1000) / RATE,
  isCut,
});

function memoryStore(rows: readonly EpochRow[], timelines: readonly Timeline[]) {
  const scopes: { walk: 'before' | 'after'; scope: SampleScope | undefined }[] = [];
  const sorted = [...rows].sort((a, b) => a.time - b.time);
  const inScope = (s: EpochRow, scope: SampleScope | undefined): boolean =>
    (scope?.epoch === undefined || s.epoch === scope.epoch) && (scope?.since === undefined || s.time >= scope.since);
  const strip = ({ epoch: _epoch, ...row }: EpochRow): SampleRow => row;
  const store: Pick<PrekogStore, 'samplesBefore' | 'samplesAfter' | 'sampleAt' | 'segments'> = {
    async samplesBefore(_c, t, limit, scope) {
      scopes.push({ walk: 'before', scope });
      return sorted
        .filter((s) => s.time < t && inScope(s, scope))
        .reverse()
        .slice(0, limit)
        .map(strip);
    },
    async samplesAfter(_c, from, to, limit, scope) {
      scopes.push({ walk: 'after', scope });
      return sorted
        .filter((s) => s.time > from && s.time <= to && inScope(s, scope))
        .slice(0, limit)
        .map(strip);
    },
    async sampleAt(_c, time, seq, index) {
      const hit = sorted.find((s) => s.time === time && s.frame.mediaSequence === seq && s.frame.index === index);
      return hit && strip(hit);
    },
    async segments(_c, from, to, epoch = 0) {
      const tl = timelines.find((t) => t.epoch === epoch);
      if (!tl) return [];
      const facts: SegmentFacts[] = [];
      for (let seq = Math.max(0, from); seq <= Math.min(to, tl.segments - 1); seq++)
        facts.push({
          mediaSequence: seq,
          frameCount: 60,
          frameRate: RATE,
          startTime: tl.start + seq * 2000,
          discontinuitySequence: 0,
        });
      return facts;
    },
  };
  return { store: store as PrekogStore, scopes };
}

function closedEventOn(tl: Timeline): PrekogEvent {
  const point = (seq: number) => {
    const r = at(tl, seq, 0);
    return { frame: r.frame, time: r.time };
  };
  return closedEvent(point, tl.epoch > 0 ? { epoch: tl.epoch } : {});
}

/** The new epoch's own samples: neighbours (4/0), the matches (5/0, 6/0) and the closing cut (7/0). */
const ownRows = (tl: Timeline): EpochRow[] => [
  at(tl, 3, 0),
  at(tl, 4, 0),
  at(tl, 5, 0),
  at(tl, 6, 0),
  at(tl, 7, 0, true),
];

describe('prekog bounds across an encoder restart (two timeline epochs)', () => {
  const epoch0: Timeline = { epoch: 0, start: T0, segments: 20 };

  it('ignores the previous epoch’s cut within maxClipSeconds (the clock went on)', async () => {
    const epoch1: Timeline = { epoch: 1, start: T0 + 41_000, segments: 10 };
    // Epoch 0 ended 1 s before the restart; its cut at segment 1 is 49 s before the first match.
    const rows = [at(epoch0, 1, 0, true), at(epoch0, 18, 0), at(epoch0, 19, 0), ...ownRows(epoch1)];
    const { store, scopes } = memoryStore(rows, [epoch0, epoch1]);
    const event = closedEventOn(epoch1);
    const bounds = await boundsFor(event, store);
    expect(bounds).toMatchObject(OWN_EPOCH_BOUNDS);
    expect(bounds.startTime).toBeCloseTo(epoch1.start + 4 * 2000 + 1000 / RATE, 3);
    // Both walks asked for the appearance's epoch; the backward one no further back than maxClipSeconds.
    expect(scopes).toEqual([
      { walk: 'before', scope: { epoch: 1, since: event.firstMatch.time - 120_000 } },
      { walk: 'after', scope: { epoch: 1 } },
    ]);
  });

  it('ignores the previous epoch’s samples interleaved in time (the clock went back), both ways', async () => {
    const epoch1: Timeline = { epoch: 1, start: T0 + 10_000, segments: 15 };
    const rows = [
      // Between epoch 1's 3/0 and 4/0: a cut of epoch 0 — it would start the clip after its first match.
      at(epoch0, 8, 5, true),
      at(epoch0, 8, 15),
      // Between epoch 1's last match (6/0) and its closing cut (7/0): a cut and a sample of epoch 0.
      at(epoch0, 11, 5, true),
      at(epoch0, 11, 20),
      ...ownRows(epoch1),
    ];
    // (the windows the epoch-0 samples fall into, by time)
    const time = (tl: Timeline, seq: number, index: number): number => at(tl, seq, index).time;
    expect(time(epoch0, 8, 5)).toBeGreaterThan(time(epoch1, 3, 0));
    expect(time(epoch0, 8, 15)).toBeLessThan(time(epoch1, 4, 0));
    expect(time(epoch0, 11, 5)).toBeGreaterThan(time(epoch1, 6, 0));
    expect(time(epoch0, 11, 20)).toBeLessThan(time(epoch1, 7, 0));
    const { store } = memoryStore(rows, [epoch0, epoch1]);
    const bounds = await boundsFor(closedEventOn(epoch1), store);
    expect(bounds).toMatchObject({
      start: { mediaSequence: 4, index: 1 },
      startBy: 'samples',
      end: { mediaSequence: 6, index: 59 },
      endBy: 'cut',
    });
  });

  it('keeps an epoch-0 appearance to epoch 0 (a notice without `epoch`)', async () => {
    const epoch1: Timeline = { epoch: 1, start: T0 + 41_000, segments: 10 };
    // Epoch 1 samples later in time than the appearance cannot matter backward, but one placed
    // inside its closing window (a clock gone back) must not end it.
    const later = at({ ...epoch1, start: T0 + 9_000 }, 3, 10, true);
    const rows = [...ownRows(epoch0), { ...later, epoch: 1 }];
    const { store, scopes } = memoryStore(rows, [epoch0, epoch1]);
    const bounds = await boundsFor(closedEventOn(epoch0), store);
    expect(bounds).toMatchObject({ start: { mediaSequence: 4, index: 1 }, end: { mediaSequence: 6, index: 59 } });
    expect(scopes.map((s) => s.scope?.epoch)).toEqual([0, 0]);
  });
});
