import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    // Files share one module graph in the worker (no file changes module state another reads); saves a
    // process start and re-import per file.
    isolate: false,
  },
});
