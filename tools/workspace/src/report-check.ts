// Prints one project's share of a workspace-wide check and fails like the per-project command
// did: any type error; any lint error or warning (`--max-warnings=0`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMain, parseCheckArgs } from './cli-args';
import { type CheckKind, type CheckResults, resultsPath } from './check-results';

const KINDS: readonly CheckKind[] = ['lint', 'typecheck'];
const PRODUCER: Record<CheckKind, string> = { lint: 'workspace:lint-workspace', typecheck: 'workspace:typecheck-workspace' };

/** A message for the user and the exit code that goes with it. */
export interface Report {
  output: string;
  exitCode: 0 | 1;
}

function readResults(root: string, kind: CheckKind): CheckResults | string {
  const file = resultsPath(root, kind);
  const rerun = `run \`nx run ${PRODUCER[kind]}\` to produce it`;
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return `${kind}: results file ${file} is missing; ${rerun}`;
  }
  try {
    const parsed = JSON.parse(raw) as CheckResults;
    if (parsed.kind !== kind || typeof parsed.projects !== 'object' || parsed.projects === null) throw new Error('unexpected shape');
    return parsed;
  } catch (cause) {
    return `${kind}: results file ${file} is corrupt (${(cause as Error).message}); ${rerun}`;
  }
}

/** Builds the report for `project` from the results of `kind` under `root`. */
export function reportCheck(root: string, kind: CheckKind, project: string): Report {
  const results = readResults(root, kind);
  if (typeof results === 'string') return { output: results, exitCode: 1 };
  const result = results.projects[project];
  if (!result || typeof result.errorCount !== 'number') {
    const why = results.skipped?.[project];
    const known = Object.keys(results.projects).sort().join(', ');
    return {
      output: `${kind}: project '${project}' is not in ${path.relative(root, resultsPath(root, kind))}${why ? ` (${why})` : ''}; projects checked: ${known || 'none'}`,
      exitCode: 1,
    };
  }
  const warnings = result.warningCount ?? 0;
  const failed = result.errorCount > 0 || warnings > 0;
  const counts = kind === 'lint' ? `${result.errorCount} error(s), ${warnings} warning(s)` : `${result.errorCount} error(s)`;
  const summary = `${kind} ${project}: ${counts}${failed ? ' — FAILED' : ''} (workspace-wide run, ${results.elapsedMs} ms)`;
  return { output: `${result.text.trimEnd()}${result.text.trim() ? '\n' : ''}${summary}`, exitCode: failed ? 1 : 0 };
}

function main(): void {
  const { root, positional } = parseCheckArgs(process.argv.slice(2));
  const [kind, project] = positional;
  if (!kind || !KINDS.includes(kind as CheckKind) || !project || positional.length !== 2) {
    console.error('usage: report-check <lint|typecheck> <project> [--root <dir>]');
    process.exit(2);
  }
  const report = reportCheck(root, kind as CheckKind, project);
  (report.exitCode === 0 ? console.log : console.error)(report.output);
  process.exitCode = report.exitCode;
}

if (isMain(import.meta.url)) main();
