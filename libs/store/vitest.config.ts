import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    // Files share one module graph in the worker (the AWS SDK loads once, not once per file); each
    // file still starts its own stand-ins and points the SDK at them in beforeAll.
    isolate: false,
  },
});
