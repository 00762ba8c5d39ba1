// Prints one project's share of a workspace-wide check and fails like the per-project command
// did: any type error; any lint error or warning (`--max-warnings=0`).
// Plain JavaScript on purpose: Nx starts it once per project and target (24 times per test run),
// and under tsx each start cost ~0.7 CPU-s (esbuild) against ~0.05 s for plain node.
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const KINDS = ['lint', 'typecheck'];
const PRODUCER = { lint: 'workspace:lint-workspace', typecheck: 'workspace:typecheck-workspace' };
/** The workspace this file lives in (tools/workspace/src → three levels up). */
const DEFAULT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Same place as `resultsPath` in check-results.ts (the writers' side). */
function resultsFile(root, kind) {
  return path.join(root, 'dist', 'checks', `${kind}.json`);
}

/** @returns {object | string} the parsed results, or why they cannot be used */
function readResults(root, kind) {
  const file = resultsFile(root, kind);
  const rerun = `run \`nx run ${PRODUCER[kind]}\` to produce it`;
  let raw;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return `${kind}: results file ${file} is missing; ${rerun}`;
  }
  try {
    const parsed = JSON.parse(raw);
    if (parsed.kind !== kind || typeof parsed.projects !== 'object' || parsed.projects === null)
      throw new Error('unexpected shape');
    return parsed;
  } catch (cause) {
    return `${kind}: results file ${file} is corrupt (${cause.message}); ${rerun}`;
  }
}

/** @returns {{ output: string, exitCode: 0 | 1 }} the report for `project` from the results of `kind` under `root` */
function reportCheck(root, kind, project) {
  const results = readResults(root, kind);
  if (typeof results === 'string') return { output: results, exitCode: 1 };
  const result = results.projects[project];
  if (!result || typeof result.errorCount !== 'number') {
    const why = results.skipped?.[project];
    const known = Object.keys(results.projects).sort().join(', ');
    return {
      output: `${kind}: project '${project}' is not in ${path.relative(root, resultsFile(root, kind))}${why ? ` (${why})` : ''}; projects checked: ${known || 'none'}`,
      exitCode: 1,
    };
  }
  const warnings = result.warningCount ?? 0;
  const failed = result.errorCount > 0 || warnings > 0;
  const counts =
    kind === 'lint' ? `${result.errorCount} error(s), ${warnings} warning(s)` : `${result.errorCount} error(s)`;
  const summary = `${kind} ${project}: ${counts}${failed ? ' — FAILED' : ''} (workspace-wide run, ${results.elapsedMs} ms)`;
  return { output: `${result.text.trimEnd()}${result.text.trim() ? '\n' : ''}${summary}`, exitCode: failed ? 1 : 0 };
}

/** `<kind> <project> [--root <dir>]`; the root is resolved like the writers do (real path). */
function parseArgs(argv) {
  let root = DEFAULT_ROOT;
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--root' && argv[i + 1]) root = argv[++i];
    else if (arg.startsWith('--root=')) root = arg.slice('--root='.length);
    else if (arg.startsWith('--')) usage(`unknown option ${arg}`);
    else positional.push(arg);
  }
  return { root: realpathSync(path.resolve(root)), positional };
}

function usage(problem) {
  console.error(`${problem ? `${problem}\n` : ''}usage: report-check <lint|typecheck> <project> [--root <dir>]`);
  process.exit(2);
}

const { root, positional } = parseArgs(process.argv.slice(2));
const [kind, project] = positional;
if (!KINDS.includes(kind) || !project || positional.length !== 2) usage();
const report = reportCheck(root, kind, project);
(report.exitCode === 0 ? console.log : console.error)(report.output);
process.exitCode = report.exitCode;
