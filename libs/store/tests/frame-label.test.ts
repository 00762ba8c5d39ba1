import { describe, expect, it } from 'vitest';
import { frameLabel } from '../src/frame-label';

const SECOND = Date.UTC(2026, 10, 26, 17, 5, 9);

describe('frameLabel', () => {
  it.each([
    [0, 30, '2026-11-26 17:05:09;00'],
    [33, 30, '2026-11-26 17:05:09;01'],
    [66, 30, '2026-11-26 17:05:09;02'],
    [966, 30, '2026-11-26 17:05:09;29'],
    [999, 30, '2026-11-26 17:05:09;29'],
    [40, 25, '2026-11-26 17:05:09;01'],
    [1000 + 40, 25, '2026-11-26 17:05:10;01'],
    [1000 - 17, 29.97, '2026-11-26 17:05:09;29'],
  ])('labels +%i ms at %s fps as %s', (ms, fps, label) => {
    expect(frameLabel(SECOND + ms, fps)).toBe(label);
  });

  it('labels every frame of a second distinctly from floored frame times', () => {
    const labels = Array.from({ length: 30 }, (_, i) => frameLabel(SECOND + Math.floor((i * 1000) / 30), 30));
    expect(new Set(labels).size).toBe(30);
    expect(labels[29]).toBe('2026-11-26 17:05:09;29');
  });
});
