/**
 * runPrekog's decisions with in-memory implementations of its ports (the real store and clipper
 * are exercised end to end in apps/parse-lambda's integration tests).
 */
import type { ClipRecord, ClipRequest, ClipResult } from '@catfinder/delta';
import { describe, expect, it } from 'vitest';
import type { ClipBounds, SampleRow } from '../../src/clip-bounds';
import type { PrekogEvent } from '../../src/events';
import type { AppearanceClipState, ClipMaker, PrekogStore, SegmentFacts } from '../../src/ports';
import { runPrekog } from '../../src/run-prekog';

const T0 = 1_700_000_000_000;
const row = (seq: number, index: number, isCut = false): SampleRow => ({
  frame: { mediaSequence: seq, index },
  time: T0 + seq * 2000 + (index * 1000) / 30,
  isCut,
});
const ALL_SAMPLES = [
  row(1, 0),
  row(2, 0),
  row(3, 45, true),
  row(4, 45),
  row(5, 45),
  row(6, 45),
  row(7, 0, true),
  row(7, 45),
];

function memoryStore(recorded: { segments?: readonly number[]; samples?: readonly SampleRow[] } = {}): PrekogStore & {
  appearances: Map<string, AppearanceClipState>;
  epochsAsked: (number | undefined)[];
} {
  const appearances = new Map<string, AppearanceClipState>();
  const epochsAsked: (number | undefined)[] = [];
  const SAMPLES = recorded.samples ?? ALL_SAMPLES;
  const segments: SegmentFacts[] = (recorded.segments ?? Array.from({ length: 10 }, (_, seq) => seq)).map((seq) => ({
    mediaSequence: seq,
    frameCount: 60,
    frameRate: 30,
    startTime: T0 + seq * 2000,
    discontinuitySequence: 0,
    firstSeenAt: T0 + seq * 2000 + 2100,
  }));
  return {
    appearances,
    epochsAsked,
    async samplesBefore(_c, t, limit) {
      return SAMPLES.filter((s) => s.time < t)
        .reverse()
        .slice(0, limit);
    },
    async samplesAfter(_c, from, to, limit) {
      return SAMPLES.filter((s) => s.time > from && s.time <= to).slice(0, limit);
    },
    async sampleAt(_c, time, seq, index) {
      return SAMPLES.find((s) => s.time === time && s.frame.mediaSequence === seq && s.frame.index === index);
    },
    async segments(_c, from, to, epoch) {
      epochsAsked.push(epoch);
      return segments.filter((s) => s.mediaSequence >= from && s.mediaSequence <= to);
    },
    async getAppearanceClip(_c, _l, id) {
      return appearances.get(id);
    },
    async saveProvisionalBounds(_c, _l, id, bounds: ClipBounds) {
      appearances.set(id, { ...appearances.get(id), provisional: bounds });
    },
    async saveClipId(_c, _l, id, clipId) {
      appearances.set(id, { ...appearances.get(id), clipId });
    },
  };
}

function recordingClipper(): ClipMaker & { requests: ClipRequest[] } {
  const requests: ClipRequest[] = [];
  return {
    requests,
    async createClip(request): Promise<ClipResult> {
      requests.push(request);
      const clip = {
        id: `clip-${requests.length}`,
        channel: request.channel,
        label: request.label,
        status: 'ready',
        cuts: request.cuts ?? [],
        ...(request.cutShortBy === undefined ? {} : { cutShortBy: request.cutShortBy }),
      } as unknown as ClipRecord;
      return { clip, created: true };
    },
  };
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const event = (kind: 'opened' | 'closed'): PrekogEvent => ({
  version: 1,
  kind,
  idempotencyKey: `k-${kind}`,
  channel: 'demo',
  label: 'Cat',
  appearanceId: 'a1',
  preRollSeconds: 0,
  postRollSeconds: 0,
  maxClipSeconds: 120,
  firstMatch: { frame: row(3, 45).frame, time: row(3, 45).time },
  lastMatch: { frame: row(6, 45).frame, time: row(6, 45).time },
  ...(kind === 'closed'
    ? { closedBy: { frame: row(7, 0).frame, time: row(7, 0).time }, closeReason: 'cut' as const }
    : {}),
  detectorCalls: 5,
  maxConfidence: 84,
});

describe('runPrekog', () => {
  it('records provisional bounds for an open appearance and cuts nothing', async () => {
    const store = memoryStore();
    const clipper = recordingClipper();
    const result = await runPrekog(event('opened'), { store, clipper: async () => clipper, logger: quiet });
    expect(result.status).toBe('provisional');
    expect(clipper.requests).toHaveLength(0);
    expect(store.appearances.get('a1')?.provisional).toMatchObject({
      start: { mediaSequence: 3, index: 45 },
      end: { mediaSequence: 6, index: 45 },
      provisional: true,
    });
  });

  it('cuts the closed appearance from its opening cut to the frame before the closing cut', async () => {
    const store = memoryStore();
    const clipper = recordingClipper();
    const result = await runPrekog(event('closed'), { store, clipper: async () => clipper, logger: quiet });
    expect(result.status).toBe('clipped');
    expect(clipper.requests).toHaveLength(1);
    const request = clipper.requests[0]!;
    expect(request).toMatchObject({
      channel: 'demo',
      label: 'Cat',
      frameRate: 30,
      detectorCalls: 5,
      startFrame: { mediaSequence: 3, index: 45 },
      endFrame: { mediaSequence: 6, index: 59 },
    });
    expect(request.startFrame.time).toBe(new Date(row(3, 45).time).toISOString());
    // Latency starts when the segment holding the last frame (6) was first listed.
    expect(request.lastSegmentSeenAt).toBe(new Date(T0 + 6 * 2000 + 2100).toISOString());
    expect(request.cuts?.map((c) => c.time)).toEqual([new Date(row(3, 45).time).toISOString()]);
    expect(store.appearances.get('a1')?.clipId).toBe('clip-1');
    expect(request).not.toHaveProperty('cutShortBy');
  });

  it.each(['gap', 'reset'] as const)(
    'marks a clip whose appearance a %s closed as cut short: it ends at the break and is counted apart',
    async (reason) => {
      // GIVEN an appearance closed by a timeline break after segment 6 while the cat was still on screen
      const store = memoryStore({ segments: [0, 1, 2, 3, 4, 5, 6], samples: ALL_SAMPLES.slice(0, -2) });
      const clipper = recordingClipper();
      const added: string[] = [];
      const metrics = { add: (_c: string, name: string) => void added.push(name), flush: () => undefined };
      const { closedBy: _closedBy, ...closed } = event('closed');
      // WHEN it is clipped
      await runPrekog(
        { ...closed, closeReason: reason },
        { store, clipper: async () => clipper, logger: quiet, metrics },
      );
      // THEN the clip runs from the opening cut to the last frame before the break and says what cut it short
      expect(clipper.requests[0]).toMatchObject({
        startFrame: { mediaSequence: 3, index: 45 },
        endFrame: { mediaSequence: 6, index: 59 },
        cutShortBy: reason,
      });
      expect(added).toEqual(['ClipsReady', 'ClipsCutShort']);
    },
  );

  it("cuts to the last recorded frame when the playlist's end closed the appearance (ENDLIST), not marked cut short", async () => {
    // GIVEN a finished recording whose last segment is 6, the cat still on screen at its end
    const store = memoryStore({ segments: [0, 1, 2, 3, 4, 5, 6], samples: ALL_SAMPLES.slice(0, -2) });
    const clipper = recordingClipper();
    const { closedBy: _closedBy, ...closed } = event('closed');
    await runPrekog({ ...closed, closeReason: 'ended' }, { store, clipper: async () => clipper, logger: quiet });
    // THEN the clip runs from the opening cut to the stream's last frame
    expect(clipper.requests[0]).toMatchObject({
      startFrame: { mediaSequence: 3, index: 45 },
      endFrame: { mediaSequence: 6, index: 59 },
    });
    expect(clipper.requests[0]).not.toHaveProperty('cutShortBy');
  });

  it('cuts a whole clip when the scene ended at a cut recorded before the gap that closed the appearance', async () => {
    const store = memoryStore();
    const clipper = recordingClipper();
    const { closedBy: _closedBy, ...closed } = event('closed');
    await runPrekog({ ...closed, closeReason: 'gap' }, { store, clipper: async () => clipper, logger: quiet });
    expect(clipper.requests[0]).toMatchObject({ endFrame: { mediaSequence: 6, index: 59 } });
    expect(clipper.requests[0]).not.toHaveProperty('cutShortBy');
  });

  it('keeps the cut thumbnails under clips/: every key the clip record references is there, a lost sample is left off', async () => {
    // GIVEN two cuts inside the clip, each with a sample picture under samples/, one of them already expired
    const base = memoryStore();
    const withPictures = (rows: SampleRow[]): SampleRow[] =>
      rows
        .map((s) => (s.frame.mediaSequence === 5 ? { ...s, isCut: true } : s))
        .map((s) => ({ ...s, imageKey: `samples/demo/${s.frame.mediaSequence}/${s.frame.index}.jpg` }));
    const store = {
      ...base,
      samplesAfter: async (c: string, from: number, to: number, limit: number) =>
        withPictures(await base.samplesAfter(c, from, to, limit)),
    };
    const objects = new Map<string, Uint8Array>([['samples/demo/3/45.jpg', new Uint8Array([0xff, 0xd8, 1])]]);
    const thumbnails = {
      async getObject(key: string) {
        const body = objects.get(key);
        if (!body) throw new Error(`NoSuchKey ${key}`);
        return body;
      },
      async putObject(key: string, body: Uint8Array | string) {
        objects.set(key, typeof body === 'string' ? new TextEncoder().encode(body) : body);
      },
    };
    const warnings: unknown[] = [];
    const clipper = recordingClipper();
    // WHEN the closed appearance is clipped
    const result = await runPrekog(event('closed'), {
      store,
      clipper: async () => clipper,
      logger: { ...quiet, warn: (_m: string, extra?: unknown) => void warnings.push(extra) },
      thumbnails,
    });
    // THEN the clip record's thumbnails all live under clips/ (copied there), the lost one is left off and logged
    expect(result.status).toBe('clipped');
    const cuts = clipper.requests[0]!.cuts ?? [];
    expect(cuts).toHaveLength(2);
    const keys = cuts.flatMap((c) => (c.thumbnailUrl === undefined ? [] : [c.thumbnailUrl]));
    expect(keys).toEqual(['clips/demo/cuts/3/45.jpg']);
    expect(keys.every((k) => k.startsWith('clips/'))).toBe(true);
    expect(objects.get('clips/demo/cuts/3/45.jpg')).toEqual(new Uint8Array([0xff, 0xd8, 1]));
    expect(warnings).toEqual([expect.objectContaining({ sampleKey: 'samples/demo/5/45.jpg', appearanceId: 'a1' })]);
  });

  it('cuts from the timeline epoch of the notice: its segments are read and the clip is requested in that epoch', async () => {
    const store = memoryStore();
    const clipper = recordingClipper();
    await runPrekog({ ...event('closed'), epoch: 2 }, { store, clipper: async () => clipper, logger: quiet });
    expect(store.epochsAsked.length).toBeGreaterThan(0);
    expect(new Set(store.epochsAsked)).toEqual(new Set([2]));
    expect(clipper.requests[0]?.epoch).toBe(2);
    // A notice without an epoch (epoch 0, or sent before epochs existed) reads epoch 0.
    const plain = memoryStore();
    const clipper0 = recordingClipper();
    await runPrekog(event('closed'), { store: plain, clipper: async () => clipper0, logger: quiet });
    expect(new Set(plain.epochsAsked)).toEqual(new Set([0]));
    expect(clipper0.requests[0]).not.toHaveProperty('epoch');
  });

  it('is idempotent on the appearance id: a retried close makes no second clip', async () => {
    const store = memoryStore();
    const clipper = recordingClipper();
    const deps = { store, clipper: async () => clipper, logger: quiet };
    await runPrekog(event('closed'), deps);
    const again = await runPrekog(event('closed'), deps);
    expect(again).toEqual({ status: 'duplicate', appearanceId: 'a1', clipId: 'clip-1' });
    expect(clipper.requests).toHaveLength(1);
  });

  it('counts a clip it made once (ClipsReady with its ClipLatency); a retried close counts nothing', async () => {
    const store = memoryStore();
    const clipper = recordingClipper();
    const added: [string, string, number][] = [];
    const metrics = {
      add: (channel: string, name: string, value: number) => void added.push([channel, name, value]),
      flush: () => undefined,
    };
    const deps = { store, clipper: async () => clipper, logger: quiet, metrics };
    await runPrekog(event('opened'), deps);
    await runPrekog(event('closed'), deps);
    await runPrekog(event('closed'), deps);
    expect(added).toEqual([['demo', 'ClipsReady', 1]]);
  });

  it('fails with a BoundsError naming the appearance when its first sample is not stored', async () => {
    const store = memoryStore();
    const bad = { ...event('closed'), firstMatch: { frame: { mediaSequence: 3, index: 44 }, time: row(3, 44).time } };
    await expect(runPrekog(bad, { store, clipper: async () => recordingClipper(), logger: quiet })).rejects.toThrow(
      /appearance a1: first matching sample 3\/44/,
    );
  });
});
