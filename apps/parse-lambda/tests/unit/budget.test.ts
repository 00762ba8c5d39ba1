import { describe, expect, it } from 'vitest';
import { SegmentBudget, canStartSegment } from '../../src/budget';

describe('canStartSegment', () => {
  it.each([
    [60_000, 5_000, 3_000, true],
    [8_000, 5_000, 3_000, true],
    [7_999, 5_000, 3_000, false],
    [0, 0, 0, true],
    [-1, 0, 0, false],
  ])('remaining %i ms, segment %i ms, margin %i ms → %s', (remaining, estimate, margin, expected) => {
    expect(canStartSegment(remaining, estimate, margin)).toBe(expected);
  });
});

describe('SegmentBudget', () => {
  it('uses the initial estimate until a segment is measured', () => {
    const budget = new SegmentBudget({ initialEstimateMs: 4_000, safetyMarginMs: 1_000 });
    expect(budget.estimateMs()).toBe(4_000);
    expect(budget.canStartSegment(5_000)).toBe(true);
    expect(budget.canStartSegment(4_999)).toBe(false);
  });

  it('estimates with the slowest of the last five segments', () => {
    const budget = new SegmentBudget({ initialEstimateMs: 10_000, safetyMarginMs: 0 });
    for (const ms of [900, 2_500, 1_000, 1_100, 1_200]) budget.record(ms);
    expect(budget.estimateMs()).toBe(2_500);
    budget.record(1_300);
    expect(budget.estimateMs()).toBe(2_500);
    budget.record(1_250);
    expect(budget.estimateMs()).toBe(1_300);
  });
});
