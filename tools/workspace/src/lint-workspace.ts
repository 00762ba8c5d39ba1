// Lints every project with ONE ESLint instance: start-up and the Nx module-boundaries rule's
// project graph are paid once instead of once per project. Results are split per project.
import path from 'node:path';
import { ESLint } from 'eslint';
import { isMain, parseCheckArgs } from './cli-args';
import { type ProjectResult, writeResults } from './check-results';
import { findFormatProblems, type FormatProblem } from './format-check';
import { findLongFunctions, MAX_FUNCTION_LINES, type LongFunction } from './function-length';
import { findProjects, ownerLookup } from './projects';

export interface LintOutcome {
  projects: Record<string, ProjectResult>;
  fileCount: number;
}

/** Lints every project root under `root` with the workspace's own flat config. */
export async function lintWorkspace(root: string): Promise<LintOutcome> {
  const projects = findProjects(root);
  const ownerOf = ownerLookup(projects);
  // A project with nothing to lint is clean, as it was for `eslint <projectRoot>` on its own.
  const eslint = new ESLint({ cwd: root, errorOnUnmatchedPattern: false });
  // Prettier runs in its own process meanwhile (the other core), so the format check costs little wall time.
  const formatting = findFormatProblems(root);
  formatting.catch(() => undefined); // awaited below; no unhandled rejection while ESLint runs
  // lintFiles([]) would lint the whole cwd, so no projects means nothing to lint.
  const results = projects.length === 0 ? [] : await eslint.lintFiles(projects.map((p) => path.relative(root, p.root)));
  const unformatted = byOwner(await formatting, projects, ownerOf, root);
  const formatter = await eslint.loadFormatter('stylish');

  const byProject = new Map<string, ESLint.LintResult[]>(projects.map((p) => [p.name, []]));
  for (const result of results) {
    const owner = ownerOf(result.filePath);
    if (owner) byProject.get(owner)?.push(result);
  }
  const long = longFunctionsByProject(root, ownerOf);
  const out: Record<string, ProjectResult> = {};
  for (const [name, own] of byProject) {
    const tooLong = long.get(name) ?? [];
    const format = unformatted.get(name) ?? [];
    out[name] = {
      errorCount: own.reduce((n, r) => n + r.errorCount + r.fatalErrorCount, 0) + tooLong.length + format.length,
      warningCount: own.reduce((n, r) => n + r.warningCount, 0),
      text:
        (await formatter.format(own)) +
        tooLong
          .map(
            (f) =>
              `${f.file}:${f.line}  error  function ${f.name} is ${f.lines} lines (max ${MAX_FUNCTION_LINES})  function-length\n`,
          )
          .join('') +
        format.map((f) => `${f.file}  error  ${f.message}  format\n`).join(''),
    };
  }
  return { projects: out, fileCount: results.length };
}

/** Over-long src/ functions by owning project (a lint error each; there are no exceptions). */
function longFunctionsByProject(
  root: string,
  ownerOf: (file: string) => string | undefined,
): Map<string, LongFunction[]> {
  const out = new Map<string, LongFunction[]>();
  for (const f of findLongFunctions(root)) {
    const owner = ownerOf(path.join(root, f.file));
    if (owner) out.set(owner, [...(out.get(owner) ?? []), f]);
  }
  return out;
}

/** The project that lints a file no project owns (root configs, .github/…): the workspace tooling. */
const WORKSPACE_PROJECT = 'workspace';

/**
 * Format problems by owning project. A file outside every project goes to the workspace project,
 * or to every project when there is none, so no problem is dropped.
 */
function byOwner(
  problems: readonly FormatProblem[] | undefined,
  projects: readonly { name: string }[],
  ownerOf: (file: string) => string | undefined,
  root: string,
): Map<string, FormatProblem[]> {
  const out = new Map<string, FormatProblem[]>();
  const fallback = projects.some((p) => p.name === WORKSPACE_PROJECT)
    ? [WORKSPACE_PROJECT]
    : projects.map((p) => p.name);
  for (const problem of problems ?? []) {
    const owner = ownerOf(path.join(root, problem.file));
    for (const name of owner ? [owner] : fallback) out.set(name, [...(out.get(name) ?? []), problem]);
  }
  return out;
}

async function main(): Promise<void> {
  const { root } = parseCheckArgs(process.argv.slice(2));
  const started = performance.now();
  const outcome = await lintWorkspace(root);
  const elapsedMs = Math.round(performance.now() - started);
  const file = writeResults(root, { kind: 'lint', eslintVersion: ESLint.version, elapsedMs, ...outcome });
  for (const [name, r] of Object.entries(outcome.projects)) {
    console.log(`lint ${name}: ${r.errorCount} error(s), ${r.warningCount} warning(s)`);
  }
  console.log(`lint-workspace: ${outcome.fileCount} files in ${elapsedMs} ms → ${path.relative(root, file)}`);
}

if (isMain(import.meta.url)) await main();
