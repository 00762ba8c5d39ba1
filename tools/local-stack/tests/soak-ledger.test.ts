/** The soak's bookkeeping: log records matched to the segments the origin listed. */
import type { ListedSegment, SceneOccurrence } from '@catfinder/demo-channel';
import { describe, expect, it } from 'vitest';
import { clipsFrom, frameErrors, lateScene, type ClipSeen } from '../bench/soak/clips';
import { Ledger, type LogRecord } from '../bench/soak/ledger';

const seg = (epoch: number, sequence: number, realSequence: number, firstListedMs: number): ListedSegment => ({
  epoch,
  sequence,
  realSequence,
  uri: `seg_${sequence}.ts`,
  startMs: 1_000_000 + realSequence * 2000,
  firstListedMs,
  lastListedMs: firstListedMs + 10_000,
});
const rec = (message: string, atMs: number, extra: Record<string, unknown>, level = 'INFO'): LogRecord => ({
  level,
  message,
  atMs,
  extra,
});

describe('soak ledger', () => {
  // Epoch 0 lists 0..5; the encoder restarts and epoch 1 lists 0..3 again with new content.
  const listed = [
    ...[0, 1, 2, 3, 4, 5].map((n) => seg(0, n, n, n * 2000)),
    ...[0, 1, 2, 3].map((n) => seg(1, n, 6 + n, 12_000 + n * 2000)),
  ];

  it('matches a reused sequence number to the listing just before the record', () => {
    const ledger = new Ledger(listed);
    ledger.apply(rec('segment processed', 3_000, { sequence: 1 }));
    ledger.apply(rec('segment processed', 16_000, { sequence: 1 }));
    expect(ledger.outcome(listed[1]!).processed).toBe(1);
    expect(ledger.outcome(listed[7]!).processed).toBe(1);
  });

  it('matches exactly by start time when the record carries one', () => {
    const ledger = new Ledger(listed);
    ledger.apply(rec('segment processed', 30_000, { sequence: 2, startTime: listed[2]!.startMs }));
    expect(ledger.outcome(listed[2]!).processed).toBe(1);
    expect(ledger.outcome(listed[8]!).processed).toBe(0);
  });

  it('counts a second processing of one segment, and records gap ranges with their reason', () => {
    const ledger = new Ledger(listed);
    ledger.apply(rec('segment processed', 5_000, { sequence: 2 }));
    ledger.apply(rec('segment processed', 6_000, { sequence: 2 }));
    ledger.apply(rec('gap', 11_000, { fromSequence: 3, toSequence: 100_000, reason: 'left-window' }, 'WARN'));
    expect(ledger.outcome(listed[2]!).processed).toBe(2);
    expect([3, 4, 5].map((i) => ledger.outcome(listed[i]!).recorded)).toEqual([
      ['left-window'],
      ['left-window'],
      ['left-window'],
    ]);
    expect(ledger.outcome(listed[9]!).recorded).toEqual([]);
  });

  it('counts refusals', () => {
    const ledger = new Ledger(listed);
    ledger.apply(rec('segment refused: host not allowed', 14_000, { sequence: 1, host: '169.254.169.254' }, 'WARN'));
    expect(ledger.refusals).toBe(1);
    expect(ledger.outcome(listed[7]!).recorded).toHaveLength(1);
  });
});

describe('soak clip count', () => {
  // A cat scene in content segments 3..4 (first frame at 1_006_000 ms, 60 frames at 30 fps).
  const scene = {
    startMs: 1_006_000,
    firstFrame: 90,
    lastFrame: 149,
    firstSegment: { mediaSequence: 3, index: 0 },
    lastSegment: { mediaSequence: 4, index: 29 },
  } as unknown as SceneOccurrence;
  const clip: ClipSeen = { id: 'c', label: 'Cat', status: 'ready', startTime: 1_006_000, frameCount: 60 };
  const listed = (lastSegmentFirstListedMs: number): ListedSegment[] => [
    seg(0, 3, 3, 50_000),
    seg(0, 4, 4, lastSegmentFirstListedMs),
  ];

  it('leaves out a clip of a scene whose last segment was first listed in the grace period (not expected either)', () => {
    expect(lateScene(clip, [scene], listed(95_000), 90_000, 30)).toBe(true);
    expect(lateScene(clip, [scene], listed(85_000), 90_000, 30)).toBe(false);
  });

  it('never leaves out a clip that is not exactly a scene (a frame error stays counted)', () => {
    expect(lateScene({ ...clip, frameCount: 59 }, [scene], listed(95_000), 90_000, 30)).toBe(false);
  });

  it('judges a whole clip by the exact scene and a cut-short clip by lying inside one scene', () => {
    const frame = 1000 / 30;
    // A whole clip one frame short is a frame error; cut short by a gap, the same clip is right.
    expect(frameErrors([{ ...clip, frameCount: 59 }], [scene], 30)).toHaveLength(1);
    expect(frameErrors([{ ...clip, frameCount: 59, cutShortBy: 'gap' }], [scene], 30)).toEqual([]);
    // The 1-frame clip of a scene whose next segment was refused: inside the scene.
    expect(frameErrors([{ ...clip, frameCount: 1, cutShortBy: 'gap' }], [scene], 30)).toEqual([]);
    // Cut short but starting a frame early, or running past the scene: errors.
    const wrong: ClipSeen[] = [
      { ...clip, startTime: 1_006_000 - frame, frameCount: 10, cutShortBy: 'gap' },
      { ...clip, startTime: 1_006_000 + 10 * frame, frameCount: 51, cutShortBy: 'reset' },
    ];
    expect(frameErrors(wrong, [scene], 30)).toEqual(wrong);
  });

  it('reads from the log which clips a timeline break cut short', () => {
    const logged = (clipId: string, extra: Record<string, unknown>): LogRecord =>
      rec('clip for appearance', 1, { clipId, label: 'Cat', status: 'ready', bounds: { startTime: 5 }, ...extra });
    const seen = clipsFrom([logged('a', { frameCount: 3, cutShortBy: 'gap' }), logged('b', { frameCount: 9 })]);
    expect(seen).toEqual([
      { id: 'a', label: 'Cat', status: 'ready', startTime: 5, frameCount: 3, cutShortBy: 'gap' },
      { id: 'b', label: 'Cat', status: 'ready', startTime: 5, frameCount: 9 },
    ]);
  });
});
