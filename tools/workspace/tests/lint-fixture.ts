// lint-workspace runs once on the shared fixture (lint-fixture-files.ts) in the vitest globalSetup
// (lint-fixture.setup.ts); the lint-workspace, format-check and function-length tests read its results.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';

export interface LintJson {
  projects: Record<string, { errorCount: number; warningCount: number; text: string }>;
}

/** What the globalSetup hands the test files: the fixture's root and lint-workspace's exit and output. */
export interface LintFixture {
  root: string;
  run: { status: number | null; output: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    lintFixture: LintFixture;
  }
}

/** The shared fixture and lint-workspace's results on it (dist/checks/lint.json). */
export function lintFixture(): LintFixture & { results: LintJson } {
  const fixture = inject('lintFixture');
  const results = JSON.parse(readFileSync(path.join(fixture.root, 'dist/checks/lint.json'), 'utf8')) as LintJson;
  return { ...fixture, results };
}
