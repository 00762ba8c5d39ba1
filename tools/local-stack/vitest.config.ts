import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Files share one module graph in one worker: the libs, the AWS SDK and the stack's modules
    // load once per run instead of once per file. Each stack sets the stand-ins' endpoint
    // variables itself before it makes its clients (src/stack.ts), and no file reads state
    // another leaves behind.
    isolate: false,
  },
});
