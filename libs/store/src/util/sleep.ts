/**
 * The workspace's one `sleep`: waits `ms` (at least 0), or less when `signal` aborts. It never
 * rejects: it resolves `true` when the full time passed and `false` when the signal cut it short,
 * so a loop can stop without a try/catch. It removes its abort listener on both paths — a
 * long-lived run signal otherwise gathers one listener per wait and Node warns
 * `MaxListenersExceededWarning: 11 abort listeners added to [AbortSignal]`.
 * Lives in libs/store because every package that waits (apps, libs/delta, local tools) already
 * depends on it and it depends on no other workspace package.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
