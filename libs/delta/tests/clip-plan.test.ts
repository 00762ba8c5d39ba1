import { describe, expect, it } from 'vitest';
import { clipIdFor, planClip } from '../src/clip-plan';
import { ClipRequestError } from '../src/errors';
import type { ClipRequest } from '../src/types';

const t0 = Date.parse('2026-11-26T17:00:00.000Z');
const request = (over: Partial<ClipRequest> = {}): ClipRequest => ({
  channel: 'demo',
  label: 'Cat',
  startFrame: { mediaSequence: 10, index: 0, time: new Date(t0).toISOString() },
  endFrame: { mediaSequence: 12, index: 59, time: new Date(t0 + 5966).toISOString() },
  frameRate: 30,
  ...over,
});

describe('planClip', () => {
  it('derives times, frame labels, frame count and a deterministic id', () => {
    const plan = planClip(request(), 120);
    expect(plan).toMatchObject({
      channel: 'demo',
      label: 'Cat',
      start: '2026-11-26T17:00:00.000Z',
      end: '2026-11-26T17:00:05.966Z',
      startFrame: '2026-11-26 17:00:00;00',
      endFrame: '2026-11-26 17:00:05;29',
      expectedFrameCount: 180,
      expectedDurationSeconds: 6,
    });
    expect(plan.problem).toBeUndefined();
    expect(plan.id).toMatch(/^[0-9a-f]{20}$/);
    expect(planClip(request(), 120).id).toBe(plan.id);
  });

  it('gives different bounds, labels or channels different ids', () => {
    const base = clipIdFor(request());
    expect(clipIdFor(request({ label: 'Dog' }))).not.toBe(base);
    expect(clipIdFor(request({ channel: 'other' }))).not.toBe(base);
    // Same frames in a later timeline epoch (an encoder restart reused the numbers): another clip.
    expect(clipIdFor(request({ epoch: 1 }))).not.toBe(base);
    expect(clipIdFor(request({ epoch: 0 }))).toBe(base);
    expect(
      clipIdFor(request({ endFrame: { mediaSequence: 12, index: 58, time: new Date(t0 + 5933).toISOString() } })),
    ).not.toBe(base);
  });

  it('marks end-before-start and too-long clips as problems to record', () => {
    const reversed = planClip(
      request({ startFrame: { mediaSequence: 13, index: 0, time: new Date(t0 + 6000).toISOString() } }),
      120,
    );
    expect(reversed.problem).toMatch(/^end before start: end frame 12\/59/);
    expect(planClip(request(), 5).problem).toBe('clip too long: 6.000 s exceeds maxClipSeconds 5');
  });

  it('throws for requests no record can be keyed on', () => {
    expect(() => planClip(request({ channel: '../etc' }), 120)).toThrow(ClipRequestError);
    expect(() => planClip(request({ label: 'Cat/../x' }), 120)).toThrow(/clip request: label/);
    expect(() => planClip(request({ frameRate: 0 }), 120)).toThrow(/frameRate/);
    expect(() =>
      planClip(request({ startFrame: { mediaSequence: -1, index: 0, time: new Date(t0).toISOString() } }), 120),
    ).toThrow(/startFrame.mediaSequence/);
    expect(() => planClip(request({ endFrame: { mediaSequence: 12, index: 3, time: 'yesterday' } }), 120)).toThrow(
      /endFrame.time: expected an ISO 8601 time/,
    );
  });
});
