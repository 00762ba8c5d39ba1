import { describe, expect, it } from 'vitest';
import { backoffDelayMs, withRetries, type RetryPolicy } from '../src/rekognition/retry';

const policy = (random: number): RetryPolicy => ({
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 500,
  random: () => random,
});

describe('backoff with full jitter', () => {
  it('doubles the ceiling per attempt up to the maximum', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelayMs(a, policy(0.999999)))).toEqual([99, 199, 399, 499, 499]);
    expect(backoffDelayMs(3, policy(0))).toBe(0);
    expect(backoffDelayMs(3, policy(0.5))).toBe(200);
  });
});

describe('withRetries', () => {
  it('stops after maxAttempts and reports the attempt count', async () => {
    let calls = 0;
    const error = await withRetries(
      async () => {
        calls++;
        throw new Error('busy');
      },
      () => true,
      { ...policy(0), maxAttempts: 3 },
      (e, attempts) => new Error(`${(e as Error).message} x${attempts}`),
    ).catch((e: unknown) => e as Error);
    expect(calls).toBe(3);
    expect(error.message).toBe('busy x3');
  });

  it('does not retry non-retryable errors', async () => {
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw new Error('bad');
        },
        () => false,
        policy(0),
        (e) => e as Error,
      ),
    ).rejects.toThrow('bad');
    expect(calls).toBe(1);
  });
});
