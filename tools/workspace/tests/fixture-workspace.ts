import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real workspace: only its node_modules is borrowed (symlinked), nothing is written to it. */
export const realRoot = fileURLToPath(new URL('../../..', import.meta.url));
const scriptsDir = fileURLToPath(new URL('../src', import.meta.url));

/** Files of a fixture workspace, path relative to its root → contents (objects become JSON). */
export type FixtureFiles = Record<string, string | object>;

/** Creates a temporary workspace holding `files`, with node_modules linked to the real one. */
export function createFixtureWorkspace(files: FixtureFiles): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'cf-checks-'));
  symlinkSync(path.join(realRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  for (const [relative, contents] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof contents === 'string' ? contents : JSON.stringify(contents, null, 2));
  }
  return root;
}

export function removeFixtureWorkspace(root: string | undefined): void {
  if (root) rmSync(root, { recursive: true, force: true });
}

/**
 * Runs one of the check scripts against `root`: `src/<script>.ts` under `node --import tsx` (as
 * the Nx targets run them; no tsx CLI parent process), or the plain-node reporter `src/report-check.mjs`.
 */
export function runScript(
  script: string,
  root: string,
  args: string[] = [],
): { status: number | null; output: string } {
  const loader = script === 'report-check' ? [] : ['--import', 'tsx'];
  const file = script === 'report-check' ? 'report-check.mjs' : `${script}.ts`;
  const result = spawnSync(process.execPath, [...loader, path.join(scriptsDir, file), ...args, '--root', root], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A project folder: project.json (Nx name) and, unless `tsconfig` is null, a tsconfig.json. */
export function project(
  dir: string,
  name: string,
  sources: Record<string, string>,
  tsconfig: object | null = {},
): FixtureFiles {
  const files: FixtureFiles = { [`${dir}/project.json`]: { name, tags: [] } };
  if (tsconfig) files[`${dir}/tsconfig.json`] = { extends: '../../tsconfig.base.json', include: ['src'], ...tsconfig };
  for (const [file, code] of Object.entries(sources)) files[`${dir}/src/${file}`] = code;
  return files;
}

export const baseTsconfig = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2023'],
    module: 'ESNext',
    moduleResolution: 'Bundler',
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  },
};

/** A small flat config: typescript-eslint's parser, unused variables are errors, console a warning. */
export const eslintConfig = `import tseslint from 'typescript-eslint';
export default [
  { ignores: ['**/node_modules/**', '**/dist/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: { '@typescript-eslint/no-unused-vars': 'error', 'no-console': 'warn' },
  },
];
`;
