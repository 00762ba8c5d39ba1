// vitest globalSetup: lint-workspace runs ONCE on the shared fixture (its ESLint + Prettier start-up
// is most of a run's cost) and lint-workspace, format-check and function-length tests read the results.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createFixtureWorkspace, removeFixtureWorkspace, runScript } from './fixture-workspace';
import { lintFixtureFiles } from './lint-fixture-files';
import type { LintFixture } from './lint-fixture';

export default function setup(project: TestProject): () => void {
  const root = createFixtureWorkspace(lintFixtureFiles);
  // As under Nx, which sets FORCE_COLOR for its tasks: Prettier's output must still be read right.
  const colour = process.env.FORCE_COLOR;
  process.env.FORCE_COLOR = '1';
  let run: LintFixture['run'];
  try {
    run = runScript('lint-workspace', root);
  } finally {
    if (colour === undefined) delete process.env.FORCE_COLOR;
    else process.env.FORCE_COLOR = colour;
  }
  if (!existsSync(path.join(root, 'dist/checks/lint.json'))) {
    removeFixtureWorkspace(root);
    throw new Error(`lint-workspace wrote no results (exit ${run.status}):\n${run.output}`);
  }
  project.provide('lintFixture', { root, run });
  return () => removeFixtureWorkspace(root);
}
