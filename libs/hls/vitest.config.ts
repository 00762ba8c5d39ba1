import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    // Files share one module graph in the worker (libs and the AWS SDK load once, not per file).
    isolate: false,
  },
});
