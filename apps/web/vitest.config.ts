import { defineConfig } from 'vitest/config';

// Unit tests pick happy-dom per file (`// @vitest-environment happy-dom`); the browser test runs
// in node and drives a real Chromium.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // Files share one module graph in the worker (each unit file still gets its own happy-dom
    // environment; no file changes module state another reads): half the CPU of a fresh module
    // graph per file for the unit tests.
    isolate: false,
  },
});
