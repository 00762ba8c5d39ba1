import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NOT_FORMATTED, PRETTIER_CONFIG } from '../src/format-check';
import { realRoot, runScript } from './fixture-workspace';
import { type LintFixture, lintFixture, type LintJson } from './lint-fixture';

// The fixture (lint-fixture-files.ts) has a Prettier config; lint-workspace ran on it under FORCE_COLOR=1.
describe('format check in lint-workspace (fixture workspace with a Prettier config)', () => {
  let root: string;
  let results: LintJson;
  let run: LintFixture['run'];

  beforeAll(() => {
    ({ root, run, results } = lintFixture());
  });

  it('makes an unformatted file a lint error of its owner only; ignored files are not checked', () => {
    expect(run.status, run.output).toBe(0);
    expect(results.projects.messy?.errorCount).toBe(1);
    expect(results.projects.messy?.text).toContain(`libs/messy/src/index.ts  error  ${NOT_FORMATTED}  format`);
    expect(results.projects.tidy).toMatchObject({ errorCount: 0, warningCount: 0 });
    expect(runScript('report-check', root, ['lint', 'messy']).status).toBe(1);
    const tidy = runScript('report-check', root, ['lint', 'tidy']);
    expect(tidy.status, tidy.output).toBe(0);
  });

  it('gives a root file to the workspace project and a file Prettier cannot parse to its owner', () => {
    expect(results.projects.workspace?.errorCount).toBe(1);
    expect(results.projects.workspace?.text).toContain(`nx.json  error  ${NOT_FORMATTED}  format`);
    expect(results.projects.broken?.errorCount).toBe(1);
    expect(results.projects.broken?.text).toMatch(
      /apps\/broken\/src\/data\.json {2}error {2}prettier cannot parse it: .+ {2}format/,
    );
  });

  it('format-check on its own lists the same files and exits 1', () => {
    const check = runScript('format-check', root);
    expect(check.status, check.output).toBe(1);
    expect(check.output).toContain(`libs/messy/src/index.ts  ${NOT_FORMATTED}`);
    expect(check.output).toContain(`nx.json  ${NOT_FORMATTED}`);
    expect(check.output).toContain('format-check: 3 file(s) fail prettier --check');
  });
});

describe('the real workspace', () => {
  it('keeps its Prettier config, so lint checks formatting (without it the check has nothing to compare to)', () => {
    expect(existsSync(path.join(realRoot, PRETTIER_CONFIG))).toBe(true);
  });
});
