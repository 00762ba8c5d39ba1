import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  StoreDataError,
  createDynamoClient,
  readAppearanceRecordState,
  readAppearanceSamples,
  readObservation,
  readAppearanceState,
  readRunState,
  readSegmentTimeline,
  type RunState,
} from '../src/index';
import { startTestStore, type TestStore } from './helpers/store';

const open = {
  status: 'open',
  id: 'a1',
  channel: 'demo',
  label: 'Cat',
  firstMatch: { frame: { mediaSequence: 4, index: 12 }, time: 1_800_000_000_480 },
  lastMatch: { frame: { mediaSequence: 5, index: 3 }, time: 1_800_000_002_120 },
  misses: 1,
  detectorCalls: 6,
  maxConfidence: 97.5,
} as const;

describe('persisted contracts (typed, checked where read)', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await startTestStore();
  });
  afterAll(async () => t?.stop());
  // A raw client, to write what a corrupted or hand-edited item looks like.
  const ddb = () => createDynamoClient({ maxAttempts: 1 });

  it('round-trips the run lease, appearance states and follower state of the cursor as typed fields', async () => {
    const run: RunState = {
      hasLast: true,
      epoch: 1,
      lease: { owner: 'run-1', until: 1_800_000_060_000 },
      appearances: { Cat: open, Dog: { status: 'idle' } },
      source: { lastMediaSequence: 5, recent: [[5, 'seg5.ts', 1]] },
    };
    expect(await t.store.segments.putCursor('typed', { lastMediaSequence: 5, run }, undefined)).toEqual({
      ok: true,
      version: 1,
    });
    expect((await t.store.segments.getCursor('typed'))?.run).toEqual(run);
  });

  it('reads a cursor written with no run state as "nothing handled yet"', async () => {
    await t.store.segments.putCursor('bare', { lastMediaSequence: 0 }, undefined);
    expect((await t.store.segments.getCursor('bare'))?.run).toEqual({ hasLast: false });
  });

  it('refuses a corrupted stored cursor with an error naming the field', async () => {
    const table = t.store.tables.segments;
    await ddb().send(
      new PutCommand({
        TableName: table,
        Item: {
          pk: 'bad',
          sk: 'CURSOR',
          lastMediaSequence: 3,
          version: 1,
          updatedAt: 1,
          timelineJson: JSON.stringify({ hasLast: true, lease: { owner: 'x', until: 'soon' } }),
        },
      }),
    );
    const read = t.store.segments.getCursor('bad');
    await expect(read).rejects.toThrow(StoreDataError);
    await expect(t.store.segments.getCursor('bad')).rejects.toThrow(
      'cursor bad: lease.until: expected a finite number, got "soon"',
    );
  });

  it('refuses a stored segment timeline without its firstSeenAt, naming the segment and field', async () => {
    const table = t.store.tables.segments;
    await ddb().send(
      new PutCommand({
        TableName: table,
        Item: {
          pk: 'bad',
          sk: 'SEG#000000000000007',
          mediaSequence: 7,
          status: 'done',
          startTime: 1,
          duration: 2,
          timelineJson: JSON.stringify({ frameCount: 50 }),
        },
      }),
    );
    await expect(t.store.segments.get('bad', 7)).rejects.toThrow(
      'segment bad/7: timeline.firstSeenAt: expected a finite number, got undefined',
    );
  });
});

describe('contract readers', () => {
  it('name the bad field of a stored observation and of appearance samples', () => {
    expect(readObservation([{ Name: 'Cat', Confidence: 97.1, Parents: [] }], 'frame F#1')).toEqual([
      { Name: 'Cat', Confidence: 97.1, Parents: [] },
    ]);
    expect(() => readObservation([{ Name: 'Cat', Confidence: 'high' }], 'frame F#1')).toThrow(
      'frame F#1: observation[0].Confidence: expected a finite number, got "high"',
    );
    expect(() => readObservation({ Name: 'Cat' }, 'frame F#1')).toThrow(
      'frame F#1: observation: expected an array of labels',
    );
    expect(() => readAppearanceSamples([{ time: 1, frame: 'f', mediaSequence: 2 }], 'appearance a1')).toThrow(
      'appearance a1: samples[0].index: expected a finite number, got undefined',
    );
    expect(readAppearanceSamples(undefined, 'appearance a1')).toEqual([]);
  });

  it('name the bad field of an appearance record state (prekog provisional bounds)', () => {
    expect(readAppearanceRecordState(undefined, 'appearance a1')).toBeUndefined();
    expect(readAppearanceRecordState({}, 'appearance a1')).toEqual({});
    const bounds = {
      start: { mediaSequence: 1, index: 0 },
      end: { mediaSequence: 1, index: 2 },
      startTime: 1,
      endTime: 2,
      frameCount: 3,
      frameRate: 25,
      provisional: true,
      startBy: 'break',
      endBy: 'last-match',
      capped: false,
      rollClamped: false,
    };
    expect(() => readAppearanceRecordState({ provisional: { ...bounds, startBy: 'guess' } }, 'appearance a1')).toThrow(
      'appearance a1: state.provisional.startBy: expected "cut", "samples", "last-match" or "break", got "guess"',
    );
    expect(readAppearanceRecordState({ provisional: { ...bounds, cutShortBy: 'gap' } }, 'a1')).toEqual({
      provisional: { ...bounds, cutShortBy: 'gap' },
    });
    expect(() => readAppearanceRecordState({ provisional: { ...bounds, cutShortBy: 'stall' } }, 'a1')).toThrow(
      'a1: state.provisional.cutShortBy: expected "gap" or "reset", got "stall"',
    );
  });

  it('accept exactly the declared shapes', () => {
    expect(
      readSegmentTimeline({ firstSeenAt: 1, frameCount: 50, frameRate: 25, width: 640, height: 360 }, 's'),
    ).toEqual({ firstSeenAt: 1, frameCount: 50, frameRate: 25, width: 640, height: 360 });
    expect(readAppearanceState(open, 'a')).toEqual(open);
    expect(readRunState(undefined, 'c')).toEqual({ hasLast: false });
  });

  it('name the bad field of an appearance state', () => {
    expect(() =>
      readAppearanceState(
        { ...open, lastMatch: { frame: { mediaSequence: 5 }, time: 1 } },
        'cursor demo: appearances.Cat',
      ),
    ).toThrow('cursor demo: appearances.Cat.lastMatch.frame.index: expected a finite number, got undefined');
    expect(() => readAppearanceState({ status: 'closing' }, 'x')).toThrow(
      'x.status: expected "idle" or "open", got "closing"',
    );
  });
});
