import { beforeAll, describe, expect, it } from 'vitest';
import { runScript } from './fixture-workspace';
import { type LintFixture, lintFixture, type LintJson } from './lint-fixture';

describe('lint-workspace on a fixture workspace', () => {
  let root: string;
  let results: LintJson;
  let run: LintFixture['run'];

  beforeAll(() => {
    ({ root, run, results } = lintFixture());
  });

  it('attributes an unused variable to the project that owns the file', () => {
    expect(run.status, run.output).toBe(0);
    expect(results.projects.unused?.errorCount).toBe(1);
    expect(results.projects.unused?.text).toMatch(
      /libs\/unused\/src\/index\.ts[\s\S]*'leftover' is assigned a value but never used/,
    );
    expect(results.projects.clean).toMatchObject({ errorCount: 0, warningCount: 0 });
    expect(results.projects.chatty).toMatchObject({ errorCount: 0, warningCount: 1 });
  });

  it("fails the owner's lint, fails on warnings too, passes a clean project", () => {
    const unused = runScript('report-check', root, ['lint', 'unused']);
    expect(unused.status).toBe(1);
    expect(unused.output).toContain('@typescript-eslint/no-unused-vars');
    expect(unused.output).toMatch(/lint unused: 1 error\(s\), 0 warning\(s\) — FAILED/);

    const chatty = runScript('report-check', root, ['lint', 'chatty']);
    expect(chatty.status).toBe(1);
    expect(chatty.output).toMatch(/lint chatty: 0 error\(s\), 1 warning\(s\) — FAILED/);

    const clean = runScript('report-check', root, ['lint', 'clean']);
    expect(clean.status, clean.output).toBe(0);
  });
});
