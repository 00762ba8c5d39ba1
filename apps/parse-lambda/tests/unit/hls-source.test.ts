import { describe, expect, it } from 'vitest';
import { createHlsSource, toLiveEvent } from '../../src/hls-source';

describe('createHlsSource stateAfter', () => {
  const saved = {
    mediaUrl: 'http://127.0.0.1:9/media.m3u8',
    lastMediaSequence: 12,
    epoch: 2,
    recent: [
      [10, 'a.ts', 1],
      [11, 'b.ts', 2],
      [12, 'c.ts', 3],
    ] as [number, string, number][],
  };

  it('resumes right after the last handled segment, not after what was only polled', () => {
    const source = createHlsSource({ url: 'http://127.0.0.1:9/master.m3u8', allowedHosts: [], state: saved });
    const state = source.stateAfter(10) as { lastMediaSequence?: number; recent: unknown[] };
    expect(state.lastMediaSequence).toBe(10);
    expect(state.recent).toEqual([[10, 'a.ts', 1]]);
  });

  it('starts from the live window when nothing was handled', () => {
    const source = createHlsSource({ url: 'http://127.0.0.1:9/master.m3u8', allowedHosts: [], state: saved });
    expect((source.stateAfter(undefined) as { lastMediaSequence?: number }).lastMediaSequence).toBeUndefined();
  });

  it('keeps an unconfirmed end of the playlist (when its ENDLIST was first seen) when nothing was handled', () => {
    const source = createHlsSource({
      url: 'http://127.0.0.1:9/master.m3u8',
      allowedHosts: [],
      state: { ...saved, sourceUrl: 'http://127.0.0.1:9/master.m3u8', endSeenAt: 1_800_000_000_000 },
    });
    expect(source.stateAfter(undefined).endSeenAt).toBe(1_800_000_000_000);
    expect(source.stateAfter(11).endSeenAt).toBe(1_800_000_000_000);
  });

  it('keeps the saved timeline epoch (the follower owns it; the cursor carries it across runs)', () => {
    const source = createHlsSource({ url: 'http://127.0.0.1:9/master.m3u8', allowedHosts: [], state: saved });
    expect(source.stateAfter(11).epoch).toBe(2);
    expect(source.stateAfter(undefined).epoch).toBe(2);
  });
});

describe('toLiveEvent', () => {
  it('turns a refused segment into a refusal naming its host, not a gap', () => {
    expect(
      toLiveEvent(
        {
          type: 'refused',
          reason: 'refused',
          mediaSequence: 7,
          uri: 'http://10.0.0.5:8080/seg7.ts',
          host: '10.0.0.5:8080',
        },
        1,
      ),
    ).toEqual([
      { type: 'refused', mediaSequence: 7, uri: 'http://10.0.0.5:8080/seg7.ts', host: '10.0.0.5:8080', epoch: 1 },
    ]);
  });

  it('keeps each gap reason of the follower, with the epoch it happened in', () => {
    for (const reason of ['left-window', 'behind-live', 'gap-tag'] as const) {
      const [event] = toLiveEvent({ type: 'gap', reason, from: 3, to: 5, missed: 3 }, 2);
      expect(event).toMatchObject({ type: 'gap', reason, fromSequence: 3, toSequence: 5, epoch: 2 });
      expect((event as { detail: string }).detail).not.toBe('');
    }
  });

  it('keeps the detail of a left-window range an EXT-X-SKIP update skipped', () => {
    const [event] = toLiveEvent(
      {
        type: 'gap',
        reason: 'left-window',
        from: 3,
        to: 5,
        missed: 3,
        problem: 'unmerged-skip',
        detail: 'EXT-X-SKIP delta update skipped 3..5',
      },
      0,
    );
    expect((event as { detail: string }).detail).toContain('EXT-X-SKIP delta update skipped 3..5');
  });

  it('carries the follower epoch and whether a reset starts a new one', () => {
    expect(
      toLiveEvent(
        {
          type: 'reset',
          reason: 'sequence-backwards',
          mediaSequence: 0,
          previousMediaSequence: 9,
          epoch: 3,
          newEpoch: true,
        },
        3,
      ),
    ).toEqual([{ type: 'reset', epoch: 3, newEpoch: true, detail: 'sequence-backwards at 0 after 9, epoch 3' }]);
    expect(
      toLiveEvent({ type: 'reset', reason: 'discontinuity', mediaSequence: 4, epoch: 0, newEpoch: false }, 0)[0],
    ).toMatchObject({ newEpoch: false, epoch: 0 });
  });

  it('a refused media URL of the same source is a new timeline with the policy as its reason, not a source change', () => {
    const [event] = toLiveEvent(
      {
        type: 'reset',
        reason: 'media-url-refused',
        mediaSequence: 500,
        previousMediaSequence: 7,
        epoch: 5,
        newEpoch: true,
        previousUrl: 'http://cdn.invalid/old/media.m3u8',
      },
      5,
      'http://127.0.0.1:9/master.m3u8',
    );
    expect(event).toEqual({
      type: 'reset',
      epoch: 5,
      newEpoch: true,
      detail:
        'the saved media playlist http://cdn.invalid/old/media.m3u8 is on a host the channel no longer allows (ALLOWED_HOSTS); http://127.0.0.1:9/master.m3u8 now resolves to another media playlist, followed from sequence 500 as timeline epoch 5',
    });
  });
});
