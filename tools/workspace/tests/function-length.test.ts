import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLongFunctions, functionsOf } from '../src/function-length';
import {
  baseTsconfig,
  createFixtureWorkspace,
  eslintConfig,
  project,
  removeFixtureWorkspace,
  runScript,
} from './fixture-workspace';

/** A function of exactly `lines` lines (declaration line and closing brace included). */
const fn = (name: string, lines: number): string =>
  `export function ${name}(): number {\n${'  void 0;\n'.repeat(lines - 3)}  return 1;\n}\n`;

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
  beforeAll(() => {
    root = createFixtureWorkspace({
      'tsconfig.base.json': baseTsconfig,
      'eslint.config.mjs': eslintConfig,
      ...project('libs/long', 'long', { 'index.ts': fn('tooLong', 81) + fn('justRight', 80) }),
      ...project('apps/legacy', 'legacy', { 'index.ts': fn('legacy', 120) }),
      ...project('libs/short', 'short', { 'index.ts': fn('fine', 80) }),
      'libs/long/tests/big.test.ts': fn('testsAreNotChecked', 200),
      'libs/long/src/big.test.ts': fn('testsInSrcAreNotChecked', 200),
      // The old allowlist file has no effect any more: nothing can exempt a function.
      'tools/workspace/long-functions.allow.json': { 'apps/legacy/src/index.ts#legacy': 'owner fixes it next' },
    });
  });
  afterAll(() => removeFixtureWorkspace(root));

  it('lists functions over 80 lines in src/ of apps and libs only', () => {
    expect(findLongFunctions(root).map((f) => [f.key, f.lines])).toEqual([
      ['apps/legacy/src/index.ts#legacy', 120],
      ['libs/long/src/index.ts#tooLong', 81],
    ]);
  });

  it("fails the owner's lint for every long function (no allowlist), other projects stay clean", () => {
    const run = runScript('lint-workspace', root);
    expect(run.status, run.output).toBe(0);
    const results = JSON.parse(readFileSync(path.join(root, 'dist/checks/lint.json'), 'utf8')) as {
      projects: Record<string, { errorCount: number; text: string }>;
    };
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
    const run = runScript('function-length', root);
    expect(run.status).toBe(1);
    expect(run.output).toContain('apps/legacy/src/index.ts:1 legacy: 120 lines');
    expect(run.output).toContain('function-length: 2 over 80 lines; longest apps/legacy/src/index.ts#legacy 120 lines');
  });
});
