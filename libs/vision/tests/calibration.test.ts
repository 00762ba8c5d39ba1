import { describe, expect, it } from 'vitest';
import { calibratedConfidence, CLASS_OPERATING_SCORES, LOCAL_OPERATING_SCORE, rawScoreFor } from '../src/index';

describe('local confidence calibration', () => {
  it('maps each class operating score to 55 and keeps 0 and 1 fixed', () => {
    expect(calibratedConfidence(CLASS_OPERATING_SCORES[15] ?? 0, 15)).toBeCloseTo(55, 3);
    expect(calibratedConfidence(LOCAL_OPERATING_SCORE, 41)).toBeCloseTo(55, 3);
    expect(calibratedConfidence(0, 15)).toBe(0);
    expect(calibratedConfidence(1, 0)).toBe(100);
  });

  it('is monotone and inverted by rawScoreFor', () => {
    let previous = -1;
    for (let s = 0; s <= 1; s += 0.05) {
      const c = calibratedConfidence(s, 15);
      expect(c).toBeGreaterThanOrEqual(previous);
      previous = c;
      expect(rawScoreFor(c, 15)).toBeCloseTo(s, 3);
    }
  });
});
