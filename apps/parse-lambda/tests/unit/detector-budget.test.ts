/**
 * DETECTOR_BUDGET_PER_MINUTE: the rolling-minute budget on fake time, and the gate around one
 * segment's detect calls inside libs/vision's reuse policy (as process-segment.ts uses it).
 */
import { describe, expect, it } from 'vitest';
import { createReusePolicy } from '@catfinder/vision';
import { DETECTOR_BUDGET_WINDOW_MS, DetectorBudget, detectorBudgetFor, gateDetect } from '../../src/detector-budget';

function clock(start = 1_700_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe('DetectorBudget', () => {
  it('allows N calls in any rolling minute and frees each one a minute after it was taken', () => {
    const time = clock();
    const budget = new DetectorBudget(3, time.now);
    // GIVEN three calls spread over 20 s
    expect(budget.tryTake()).toBe(true);
    time.advance(10_000);
    expect(budget.tryTake()).toBe(true);
    time.advance(10_000);
    expect(budget.tryTake()).toBe(true);
    // THEN a fourth in the same minute is refused and takes nothing
    expect(budget.tryTake()).toBe(false);
    expect(budget.remaining()).toBe(0);
    // WHEN the first call is a minute old THEN exactly one call is free again (rolling, not a fixed minute)
    time.advance(DETECTOR_BUDGET_WINDOW_MS - 20_000);
    expect(budget.remaining()).toBe(1);
    expect(budget.tryTake()).toBe(true);
    expect(budget.tryTake()).toBe(false);
    time.advance(10_000);
    expect(budget.remaining()).toBe(1);
  });

  it('keeps a reserve free when asked (for cuts still to come)', () => {
    const budget = new DetectorBudget(3, clock().now);
    expect(budget.tryTake(1)).toBe(true);
    expect(budget.tryTake(1)).toBe(true);
    expect(budget.tryTake(1)).toBe(false);
    expect(budget.tryTake(0)).toBe(true);
  });

  it('refuses a budget outside 1..10000 calls per minute', () => {
    expect(() => new DetectorBudget(0)).toThrow(RangeError);
    expect(() => new DetectorBudget(2.5)).toThrow(/integer 1\.\.10000/);
  });

  it('is one budget per channel in the process, renewed when the limit changes', () => {
    const a = detectorBudgetFor('budget-test-a', 5);
    expect(detectorBudgetFor('budget-test-a', 5)).toBe(a);
    expect(detectorBudgetFor('budget-test-b', 5)).not.toBe(a);
    expect(detectorBudgetFor('budget-test-a', 6).perMinute).toBe(6);
  });
});

/** A distinct picture per sample (the reuse rule sends every one of them: none decodes as an image). */
const picture = (n: number): Uint8Array => new Uint8Array([n, 1, 2, 3]);

describe('gateDetect around one segment', () => {
  it('sends at most the budget, skips the rest (counted, marked, never sent) and prefers the cuts', async () => {
    const time = clock();
    const budget = new DetectorBudget(3, time.now);
    // GIVEN a segment of five samples in stream order: timed, timed, cut, timed, cut
    const items = [false, false, true, false, true].map((isCut, i) => ({
      image: picture(i),
      isCut,
      time: time.now() + i * 1000,
    }));
    const sent: number[] = [];
    const gate = gateDetect(budget, items, async (image) => {
      sent.push(image[0]!);
      return { result: { Labels: [] }, error: undefined };
    });
    // WHEN it goes through the reuse policy one call at a time
    const outcomes = await createReusePolicy<{ Labels: never[] }>().detectAll(items, 1, gate.detect);
    // THEN three calls were made: the first timed sample and both cuts; the budget kept two for the cuts
    expect(sent).toEqual([0, 2, 4]);
    expect([...gate.skipped].map((image) => image[0])).toEqual([1, 3]);
    expect(outcomes.map((o) => o.result !== undefined)).toEqual([true, false, true, false, true]);
    expect(outcomes[1]!.error).toMatch(/detector budget of 3 calls per minute used up/);
    // AND the next segment within the minute sends nothing at all
    const next = [{ image: picture(9), isCut: true, time: time.now() + 6000 }];
    const later = gateDetect(budget, next, async () => ({ result: { Labels: [] }, error: undefined }));
    await createReusePolicy<{ Labels: never[] }>().detectAll(next, 1, later.detect);
    expect(later.skipped.size).toBe(1);
    // AND a minute later it is sent again
    time.advance(DETECTOR_BUDGET_WINDOW_MS);
    const again = gateDetect(budget, next, async () => ({ result: { Labels: [] }, error: undefined }));
    const [outcome] = await createReusePolicy<{ Labels: never[] }>().detectAll(next, 1, again.detect);
    expect(again.skipped.size).toBe(0);
    expect(outcome!.result).toEqual({ Labels: [] });
  });

  it('passes the detector outcome (result or error) through untouched while under budget', async () => {
    const budget = new DetectorBudget(10, clock().now);
    const items = [{ image: picture(1), isCut: true }];
    const gate = gateDetect(budget, items, async () => ({ result: undefined, error: 'Rekognition: throttled' }));
    expect(await gate.detect(items[0]!.image)).toEqual({ result: undefined, error: 'Rekognition: throttled' });
    expect(gate.skipped.size).toBe(0);
    expect(budget.remaining()).toBe(9);
  });
});
