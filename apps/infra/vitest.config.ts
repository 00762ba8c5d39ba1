import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // synthesizing the stack (and bundling the real handlers) runs in beforeAll hooks
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
