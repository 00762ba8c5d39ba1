import { vi } from 'vitest';

/**
 * Settles `running` under fake timers: jumps to the next timer whenever it waits on one (retry
 * pauses, lease waits), otherwise lets real I/O (the work directory) complete, so time moves only
 * when the run sleeps. A rejection is passed on instead of looping forever.
 */
export async function settleWithFakeTimers<T>(running: Promise<T>): Promise<T> {
  let settled = false;
  const done = running.finally(() => (settled = true));
  done.catch(() => undefined);
  while (!settled) {
    if (vi.getTimerCount() > 0) await vi.advanceTimersToNextTimerAsync();
    else await new Promise((resolve) => setImmediate(resolve));
  }
  return await done;
}
