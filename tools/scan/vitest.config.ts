import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // The files share one module graph in the worker: the detector model, tfjs and the libs load
    // once per run instead of once per file (seconds of CPU each). No file changes module state
    // another reads (rekognition.test.ts restores the variables it sets).
    isolate: false,
  },
});
