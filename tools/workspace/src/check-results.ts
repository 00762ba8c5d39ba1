import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Kinds of workspace-wide check, each with its own results file. */
export type CheckKind = 'lint' | 'typecheck';

/** One project's share of a workspace-wide check. */
export interface ProjectResult {
  errorCount: number;
  /** Lint only: warnings fail too (the old `--max-warnings=0`). */
  warningCount?: number;
  /** Formatted diagnostics for this project's files ('' when clean). */
  text: string;
}

/** What the fan-in scripts write to dist/checks/<kind>.json. */
export interface CheckResults {
  kind: CheckKind;
  elapsedMs: number;
  projects: Record<string, ProjectResult>;
  /** Projects left out and why (e.g. no tsconfig.json), so a report can say so. */
  skipped?: Record<string, string>;
  [extra: string]: unknown;
}

/** Where a check's results live under a workspace root. */
export function resultsPath(root: string, kind: CheckKind): string {
  return path.join(root, 'dist', 'checks', `${kind}.json`);
}

/**
 * Writes results atomically (temp file + rename in the same folder): a reader never sees a
 * half-written file, even if the writer is killed.
 */
export function writeResults(root: string, results: CheckResults): string {
  const target = resultsPath(root, results.kind);
  mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(temp, target);
  return target;
}
