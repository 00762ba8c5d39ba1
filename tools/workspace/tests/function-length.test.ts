import { beforeAll, describe, expect, it } from 'vitest';
import { findLongFunctions, functionsOf } from '../src/function-length';
import { runScript } from './fixture-workspace';
import { lintFixture, type LintJson, type LintFixture } from './lint-fixture';
import { fn } from './lint-fixture-files';

describe('functionsOf', () => {
  it('measures each function from its first to its last line, nested ones on their own, methods by class', () => {
    const text = `${fn('short', 3)}export class Box {\n  open(): void {\n    const inner = () => {\n      return;\n    };\n    inner();\n  }\n}\n`;
    expect(functionsOf(text)).toEqual([
      { name: 'short', line: 1, lines: 3 },
      { name: 'Box.open', line: 5, lines: 6 },
      { name: 'Box.open/inner', line: 6, lines: 3 },
    ]);
  });
});

describe('function-length on a fixture workspace', () => {
  let root: string;
  let results: LintJson;
  let run: LintFixture['run'];

  beforeAll(() => {
    ({ root, run, results } = lintFixture());
  });

  it('lists functions over 80 lines in src/ of apps and libs only', () => {
    expect(findLongFunctions(root).map((f) => [f.key, f.lines])).toEqual([
      ['apps/legacy/src/index.ts#legacy', 120],
      ['libs/long/src/index.ts#tooLong', 81],
    ]);
  });

  it("fails the owner's lint for every long function (no allowlist), other projects stay clean", () => {
    expect(run.status, run.output).toBe(0);
    expect(results.projects.long?.errorCount).toBe(1);
    expect(results.projects.long?.text).toContain(
      'libs/long/src/index.ts:1  error  function tooLong is 81 lines (max 80)  function-length',
    );
    expect(results.projects.legacy?.errorCount).toBe(1);
    expect(results.projects.legacy?.text).toContain('function legacy is 120 lines (max 80)');
    expect(results.projects.short?.errorCount).toBe(0);
    expect(runScript('report-check', root, ['lint', 'long']).status).toBe(1);
    expect(runScript('report-check', root, ['lint', 'legacy']).status).toBe(1);
    expect(runScript('report-check', root, ['lint', 'short']).status).toBe(0);
  });

  it('the CLI lists each long function and exits 1', () => {
    const cli = runScript('function-length', root);
    expect(cli.status).toBe(1);
    expect(cli.output).toContain('apps/legacy/src/index.ts:1 legacy: 120 lines');
    expect(cli.output).toContain('function-length: 2 over 80 lines; longest apps/legacy/src/index.ts#legacy 120 lines');
  });
});
