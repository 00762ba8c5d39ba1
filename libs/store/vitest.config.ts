import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    // Files share one module graph in the worker (the AWS SDK loads once, not once per file).
    isolate: false,
    // One dynalite + s3rver pair for the run; each test block gets fresh tables and a fresh bucket
    // on it (tests/helpers/store.ts), and a test that kills a server starts its own pair.
    globalSetup: ['tests/helpers/shared-stand-ins.ts'],
  },
});
