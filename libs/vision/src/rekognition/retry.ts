/**
 * Bounded retries with exponential backoff and full jitter (delay = random(0, min(max, base*2^n))),
 * the scheme AWS recommends so many throttled callers do not retry in lockstep.
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** 0..1; injectable so tests can pin the jitter. */
  random: () => number;
}

export function backoffDelayMs(attempt: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(policy.random() * ceiling);
}

export async function withRetries<T>(
  run: (attempt: number) => Promise<T>,
  isRetryable: (error: unknown) => boolean,
  policy: RetryPolicy,
  onGiveUp: (error: unknown, attempts: number) => Error,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(attempt);
    } catch (error) {
      if (attempt >= policy.maxAttempts || !isRetryable(error)) throw onGiveUp(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, backoffDelayMs(attempt, policy)));
    }
  }
}
