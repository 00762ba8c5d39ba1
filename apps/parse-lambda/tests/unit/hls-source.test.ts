import { describe, expect, it } from 'vitest';
import { createHlsSource, toLiveEvent } from '../../src/hls-source';

describe('createHlsSource stateAfter', () => {
  const saved = { mediaUrl: 'http://127.0.0.1:9/media.m3u8', lastMediaSequence: 12, recent: [[10, 'a.ts', 1], [11, 'b.ts', 2], [12, 'c.ts', 3]] as [number, string, number][] };

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
});

describe('toLiveEvent', () => {
  it('turns a refused segment into a refusal naming its host, not a gap', () => {
    expect(toLiveEvent({ type: 'refused', mediaSequence: 7, uri: 'http://10.0.0.5:8080/seg7.ts' })).toEqual([
      { type: 'refused', mediaSequence: 7, uri: 'http://10.0.0.5:8080/seg7.ts', host: '10.0.0.5:8080' },
    ]);
  });

  it('keeps a gap a gap', () => {
    expect(toLiveEvent({ type: 'gap', from: 3, to: 5, missed: 3 })).toEqual([{ type: 'gap', fromSequence: 3, toSequence: 5 }]);
  });
});
