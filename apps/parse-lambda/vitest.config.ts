import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // The integration files spend most of their time following a live channel in real time, so two
    // run side by side (two workers even on 2 cores); within a worker the files share one module
    // graph (the AWS SDK, libs and the detector load once, not once per file).
    fileParallelism: true,
    maxWorkers: 2,
    isolate: false,
    // One dynalite + s3rver pair for the run; each file gets fresh tables and a bucket on it
    // (tests/helpers/stand-ins.ts), and the faults test, which restarts DynamoDB, starts its own.
    globalSetup: ['tests/helpers/shared-stand-ins.ts'],
  },
});
