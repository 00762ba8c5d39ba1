import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // lint-workspace runs once on one fixture whose results three test files read.
    globalSetup: ['tests/lint-fixture.setup.ts'],
    testTimeout: 60_000,
    // beforeAll hooks run the check scripts on fixture workspaces: seconds alone, far more when
    // the real workspace's checks share the 2 cores (run-many).
    hookTimeout: 180_000,
    // Files share one module graph in the worker (typescript and esbuild load once, not per file);
    // each file works on its own fixture workspace and changes no module state another reads.
    isolate: false,
  },
});
