import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Files share one module graph in one worker: the libs, the AWS SDK and the stack's modules
    // load once per run instead of once per file. Each stack sets the stand-ins' endpoint and
    // handler variables itself before it makes its clients and puts them back when it stops
    // (src/stack.ts setProcessEnv; tested in supervision.test.ts), and parse's face recognition
    // reads the stack's handler environment, not process.env: no file sees what another left.
    isolate: false,
  },
});
