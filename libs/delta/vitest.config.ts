import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    // Files share one module graph in the worker (the AWS SDK and libs load once, not per file).
    isolate: false,
    // One dynalite + s3rver pair for the run; each file gets fresh tables and a bucket on it
    // (tests/helpers/stand-ins.ts).
    globalSetup: ['tests/helpers/shared-stand-ins.ts'],
  },
});
