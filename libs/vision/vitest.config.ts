import { defineConfig } from 'vitest/config';

/** Files that need a process of their own: they assert what the process has (not) loaded, or its thread count. */
const OWN_PROCESS = ['tests/lazy-runtime.test.ts', 'tests/wasm-runtime.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'own-process', include: OWN_PROCESS } },
      {
        extends: true,
        // The other files share one module graph in one worker, so tfjs, sharp and the model load
        // once instead of once per file (each load is seconds of CPU). None of them asserts the
        // backend's thread count, which the first detector in a process decides.
        test: { name: 'shared', include: ['tests/**/*.test.ts'], exclude: OWN_PROCESS, isolate: false, maxWorkers: 1 },
      },
    ],
  },
});
