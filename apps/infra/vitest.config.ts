import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // synthesizing the stack (and bundling the real handlers) runs in beforeAll hooks
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Every file imports aws-cdk-lib (seconds of CPU each time): the files share one module graph
    // in one worker instead of re-importing it per file. No file changes module state others read.
    isolate: false,
  },
});
