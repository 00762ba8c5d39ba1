import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sleep } from '../src/index';

describe('sleep(ms, signal)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('resolves true once the time has passed', async () => {
    const done = sleep(1000);
    await vi.advanceTimersByTimeAsync(999);
    let settled = false;
    void done.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(done).resolves.toBe(true);
  });

  it('resolves false at once when the signal aborts, and clears its timer', async () => {
    const controller = new AbortController();
    const done = sleep(60_000, controller.signal);
    controller.abort();
    await expect(done).resolves.toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves false without waiting when the signal is already aborted', async () => {
    await expect(sleep(60_000, AbortSignal.abort())).resolves.toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no abort listener behind after many waits on one long-lived signal (no MaxListenersExceededWarning)', async () => {
    const controller = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    try {
      for (let i = 0; i < 25; i++) {
        const done = sleep(10, controller.signal);
        await vi.advanceTimersByTimeAsync(10);
        await done;
      }
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      // Node emits the warning on the next tick after the 11th listener.
      await new Promise((r) => process.nextTick(r));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
