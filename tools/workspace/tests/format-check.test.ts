import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_FORMATTED, PRETTIER_CONFIG } from '../src/format-check';
import { createFixtureWorkspace, realRoot, removeFixtureWorkspace, runScript } from './fixture-workspace';

interface LintJson {
  projects: Record<string, { errorCount: number; warningCount: number; text: string }>;
}

/** A project whose own files are already formatted (Prettier's output for this config). */
const formattedProject = (dir: string, name: string, source: string): Record<string, string> => ({
  [`${dir}/project.json`]: `{ "name": "${name}", "tags": [] }\n`,
  [`${dir}/tsconfig.json`]: `{ "extends": "../../tsconfig.base.json", "include": ["src"] }\n`,
  [`${dir}/src/index.ts`]: source,
});

describe('format check in lint-workspace (fixture workspace with a Prettier config)', () => {
  let root: string;
  let results: LintJson;
  let run: { status: number | null; output: string };

  beforeAll(() => {
    root = createFixtureWorkspace({
      [PRETTIER_CONFIG]: '{ "singleQuote": true, "printWidth": 120 }\n',
      '.prettierignore': '*.md\nlibs/tidy/generated\n',
      '.gitignore': 'dist/\nnode_modules/\n',
      'tsconfig.base.json':
        '{ "compilerOptions": { "strict": true, "noEmit": true, "module": "ESNext", "moduleResolution": "Bundler" } }\n',
      'eslint.config.mjs':
        "import tseslint from 'typescript-eslint';\nexport default [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }];\n",
      // A root file no project owns: the workspace project answers for it.
      'nx.json': '{"a":1}',
      ...formattedProject('tools/workspace', 'workspace', 'export const tool = 1;\n'),
      ...formattedProject('libs/tidy', 'tidy', "export const one = 'one';\n"),
      'libs/tidy/notes.md': '#   ignored   by *.md\n',
      'libs/tidy/generated/out.ts': 'export   const   ignoredByPrettierignore = "x"\n',
      'libs/tidy/dist/out.ts': 'export   const   ignoredByGitignore = "x"\n',
      ...formattedProject('libs/messy', 'messy', 'export   const one = "one"\n'),
      ...formattedProject('apps/broken', 'broken', 'export const fine = 1;\n'),
      'apps/broken/src/data.json': '{ "a": }\n',
    });
    // As under Nx, which sets FORCE_COLOR for its tasks: Prettier's output must still be read right.
    const colour = process.env.FORCE_COLOR;
    process.env.FORCE_COLOR = '1';
    try {
      run = runScript('lint-workspace', root);
    } finally {
      if (colour === undefined) delete process.env.FORCE_COLOR;
      else process.env.FORCE_COLOR = colour;
    }
    const file = path.join(root, 'dist/checks/lint.json');
    if (!existsSync(file)) throw new Error(`lint-workspace wrote no results (exit ${run.status}):\n${run.output}`);
    results = JSON.parse(readFileSync(file, 'utf8')) as LintJson;
  });
  afterAll(() => removeFixtureWorkspace(root));

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
