import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // The integration files each run a live channel, ffmpeg and the detector: one at a time on 2 cores.
    fileParallelism: false,
  },
});
