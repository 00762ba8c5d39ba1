/**
 * Prekog's store adapter on the DynamoDB stand-in (dynalite) after an encoder restart: two
 * timeline epochs whose segments share sequence numbers and whose samples interleave in time.
 * The appearance's bounds come from its own epoch's samples and segments only, and the adapter
 * reads on past pages the epoch filter leaves short.
 */
import { createStore, type FrameSample, type Store } from '@catfinder/store';
import { startStandIns, type StandIns } from '@catfinder/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundsFor } from '../../src/run-prekog';
import { createPrekogStore } from '../../src/store-adapter';
import { closedEvent, OWN_EPOCH_BOUNDS } from '../helpers/closed-event';

const CHANNEL = 'restart';
const T0 = 1_760_000_000_000;
const RATE = 30;
/** Epoch 0: segments 0..19 from T0. Epoch 1 (restart; the clock went back): segments 0..14 from T0 + 10 s. */
const EPOCHS = [
  { epoch: 0, start: T0, segments: 20 },
  { epoch: 1, start: T0 + 10_000, segments: 15 },
] as const;

const time = (epoch: 0 | 1, seq: number, index: number): number =>
  EPOCHS[epoch].start + seq * 2000 + (index * 1000) / RATE;
const sample = (epoch: 0 | 1, seq: number, index: number, isCut = false): FrameSample => ({
  ...(epoch > 0 ? { epoch } : {}),
  mediaSequence: seq,
  index,
  time: time(epoch, seq, index),
  frame: `e${epoch} ${seq}/${index}`,
  sceneScore: isCut ? 0.9 : 0.01,
  isCut,
});

let standIns: StandIns;
let store: Store;

beforeAll(async () => {
  standIns = await startStandIns();
  Object.assign(process.env, standIns.env);
  store = createStore({ tables: standIns.tables, bucket: standIns.bucket });
  for (const { epoch, start, segments } of EPOCHS) {
    for (let seq = 0; seq < segments; seq++) {
      const claim = await store.segments.claim(CHANNEL, seq, {
        owner: 'test',
        ...(epoch > 0 ? { epoch } : {}),
        info: { startTime: start + seq * 2000, duration: 2, discontinuitySequence: 0, clock: 'program-date-time' },
      });
      if (!claim.claimed) throw new Error(`segment ${epoch}/${seq} not claimed`);
      await store.segments.complete(CHANNEL, seq, claim.token, {
        archiveKey: `segments/${CHANNEL}/${epoch > 0 ? `e${epoch}/` : ''}${seq}.ts`,
        timeline: { firstSeenAt: start + seq * 2000 + 2100, frameCount: 60, frameRate: RATE },
      });
    }
  }
  await store.frames.putMany(CHANNEL, [
    // Epoch 1: neighbours, matches 5/0 and 6/0, the closing cut 7/0.
    ...[3, 4, 5, 6].map((seq) => sample(1, seq, 0)),
    sample(1, 7, 0, true),
    // Epoch 0, interleaved: a cut between epoch 1's 3/0 and 4/0, a cut and a sample between 6/0 and 7/0,
    // and many samples between 4/0 and 5/0 (more than a page of the backward walk).
    sample(0, 8, 5, true),
    sample(0, 11, 5, true),
    sample(0, 11, 20),
    ...Array.from({ length: 50 }, (_, i) => sample(0, 9, i + 1)),
  ]);
});

afterAll(async () => {
  store?.close();
  await standIns?.stop({ removeData: true });
});

const point = (seq: number) => ({ frame: { mediaSequence: seq, index: 0 }, time: time(1, seq, 0) });
const event = closedEvent(point, { channel: CHANNEL, appearanceId: 'a-restart', epoch: 1 });

describe('prekog store adapter across two timeline epochs (dynalite)', () => {
  it('walks back within the epoch past short filtered pages, and forward within it', async () => {
    const prekog = createPrekogStore(store);
    const before = await prekog.samplesBefore(CHANNEL, time(1, 5, 0), 2, { epoch: 1, since: T0 });
    expect(before.map((s) => s.frame)).toEqual([
      { mediaSequence: 4, index: 0 },
      { mediaSequence: 3, index: 0 },
    ]);
    const after = await prekog.samplesAfter(CHANNEL, time(1, 6, 0), time(1, 7, 0), 10, { epoch: 1 });
    expect(after.map((s) => [s.frame, s.isCut])).toEqual([[{ mediaSequence: 7, index: 0 }, true]]);
    // Unscoped, the previous epoch's samples come first: what the notice's epoch keeps out.
    const mixed = await prekog.samplesBefore(CHANNEL, time(1, 5, 0), 2);
    expect(mixed.map((s) => s.frame.mediaSequence)).toEqual([9, 9]);
  });

  it('bounds the appearance by its own epoch: frame after 4/0 to the frame before the 7/0 cut', async () => {
    const bounds = await boundsFor(event, createPrekogStore(store));
    expect(bounds).toMatchObject(OWN_EPOCH_BOUNDS);
    expect(bounds.startTime).toBeCloseTo(time(1, 4, 1), 3);
  });
});
