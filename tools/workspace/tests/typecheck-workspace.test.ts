import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseTsconfig, createFixtureWorkspace, project, removeFixtureWorkspace, runScript } from './fixture-workspace';

interface TypecheckJson {
  typescriptVersion: string;
  elapsedMs: number;
  groups: { projects: string[] }[];
  projects: Record<string, { errorCount: number; text: string }>;
  skipped: Record<string, string>;
}

const usesDocument = 'export const title: string = document.title;\n';

describe('typecheck-workspace on a fixture workspace', () => {
  let root: string;
  let results: TypecheckJson;
  let run: { status: number | null; output: string };

  beforeAll(() => {
    root = createFixtureWorkspace({
      'tsconfig.base.json': baseTsconfig,
      ...project('libs/clean', 'clean', {
        'index.ts': 'export const add = (a: number, b: number): number => a + b;\n',
      }),
      ...project('libs/broken', 'broken', {
        'index.ts': "export const count: number = 'three';\n",
      }),
      ...project('libs/node-only', 'node-only', { 'index.ts': usesDocument }),
      // A DOM project that imports the broken lib: the lib's error stays the lib's.
      ...project(
        'apps/browser',
        'browser',
        { 'index.ts': `${usesDocument}export { count } from '../../../libs/broken/src/index';\n` },
        { compilerOptions: { lib: ['ES2023', 'DOM'] } },
      ),
      ...project('libs/no-tsconfig', 'no-tsconfig', { 'index.ts': 'export {};\n' }, null),
      ...project(
        'tools/bad-config',
        'bad-config',
        { 'index.ts': 'export {};\n' },
        { compilerOptions: { target: 'ES1999' } },
      ),
    });
    run = runScript('typecheck-workspace', root);
    results = JSON.parse(readFileSync(path.join(root, 'dist/checks/typecheck.json'), 'utf8')) as TypecheckJson;
  });
  afterAll(() => removeFixtureWorkspace(root));

  it('exits 0 and writes per-project results with the run facts', () => {
    expect(run.status, run.output).toBe(0);
    expect(results.typescriptVersion).toMatch(/^5\./);
    expect(results.elapsedMs).toBeGreaterThan(0);
    expect(Object.keys(results.projects).sort()).toEqual(['bad-config', 'broken', 'browser', 'clean', 'node-only']);
    expect(results.skipped['no-tsconfig']).toMatch(/no tsconfig\.json/);
  });

  it('reports a type error for the project that owns the file, and only that project', () => {
    expect(results.projects.broken?.errorCount).toBe(1);
    expect(results.projects.broken?.text).toMatch(/^libs\/broken\/src\/index\.ts\(1,14\): error TS2322/m);
    expect(results.projects.browser?.text).not.toContain('libs/broken');
    expect(results.projects.clean).toEqual({ errorCount: 0, text: '' });
  });

  it('groups projects by compiler options: a DOM global fails a Node project, not a DOM one', () => {
    expect(results.projects['node-only']?.errorCount).toBe(1);
    expect(results.projects['node-only']?.text).toMatch(/libs\/node-only\/src\/index\.ts.*Cannot find name 'document'/);
    expect(results.projects.browser).toEqual({ errorCount: 0, text: '' });
    const groupOf = (name: string) => results.groups.findIndex((g) => g.projects.includes(name));
    expect(groupOf('clean')).toBe(groupOf('node-only'));
    expect(groupOf('browser')).not.toBe(groupOf('clean'));
  });

  it('gives a tsconfig error to its own project', () => {
    expect(results.projects['bad-config']?.errorCount).toBeGreaterThan(0);
    expect(results.projects['bad-config']?.text).toMatch(/tools\/bad-config\/tsconfig\.json.*target/);
  });

  it('report-check fails the broken project with its errors and passes the clean one', () => {
    const broken = runScript('report-check', root, ['typecheck', 'broken']);
    expect(broken.status).toBe(1);
    expect(broken.output).toContain("error TS2322: Type 'string' is not assignable to type 'number'");
    expect(broken.output).toMatch(/typecheck broken: 1 error\(s\) — FAILED/);

    const clean = runScript('report-check', root, ['typecheck', 'clean']);
    expect(clean.status, clean.output).toBe(0);
    expect(clean.output).toMatch(/typecheck clean: 0 error\(s\)/);
  });

  it('report-check fails clearly for a project missing from the results', () => {
    const noTsconfig = runScript('report-check', root, ['typecheck', 'no-tsconfig']);
    expect(noTsconfig.status).toBe(1);
    expect(noTsconfig.output).toMatch(/project 'no-tsconfig' is not in .*no tsconfig\.json/);

    const unknown = runScript('report-check', root, ['typecheck', 'nope']);
    expect(unknown.status).toBe(1);
    expect(unknown.output).toMatch(/project 'nope' is not in .*projects checked: bad-config, broken/);
  });
});

describe('report-check without usable results', () => {
  let root: string;
  beforeAll(() => {
    root = createFixtureWorkspace({ 'tsconfig.base.json': baseTsconfig });
  });
  afterAll(() => removeFixtureWorkspace(root));

  it('fails with a clear message when the results file is missing', () => {
    const missing = runScript('report-check', root, ['typecheck', 'clean']);
    expect(missing.status).toBe(1);
    expect(missing.output).toMatch(/typecheck\.json is missing; run `nx run workspace:typecheck-workspace`/);
  });

  it('fails with a clear message when the results file is corrupt', () => {
    const file = path.join(root, 'dist/checks/lint.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{"kind": "lint", "projects": {');
    const corrupt = runScript('report-check', root, ['lint', 'clean']);
    expect(corrupt.status).toBe(1);
    expect(corrupt.output).toMatch(/lint\.json is corrupt .*run `nx run workspace:lint-workspace`/);
  });

  it('exits 2 with its usage for an unknown kind, a missing project or an unknown option', () => {
    for (const args of [['format', 'clean'], ['lint'], ['lint', 'clean', '--verbose']]) {
      const bad = runScript('report-check', root, args);
      expect(bad.status).toBe(2);
      expect(bad.output).toContain('usage: report-check <lint|typecheck> <project> [--root <dir>]');
    }
  });
});
