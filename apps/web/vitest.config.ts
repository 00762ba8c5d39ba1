import { defineConfig } from 'vitest/config';

// Unit tests pick happy-dom per file (`// @vitest-environment happy-dom`); the browser test runs
// in node and drives a real Chromium.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
  },
});
