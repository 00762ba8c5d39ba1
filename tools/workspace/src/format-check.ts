// Formatting check: the files Prettier would change (`prettier --list-different .`, so exactly the
// files `prettier --check .` names: .gitignore and .prettierignore respected). Run inside
// lint-workspace (each unformatted file is a lint error of the project that owns it) and on its own:
//   tsx tools/workspace/src/format-check.ts [--root <dir>]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isMain, parseCheckArgs } from './cli-args';

/** The workspace's Prettier config; without it there is nothing to check against. */
export const PRETTIER_CONFIG = '.prettierrc.json';
/** Prettier's own cache (content-keyed): after a first full run only changed files are formatted again. */
export const PRETTIER_CACHE = 'dist/cache/prettier/.prettier-cache';
/** A full check of this workspace takes ~20 s on the loaded 2-core box; this bounds a hung run. */
const FORMAT_CHECK_TIMEOUT_MS = 300_000;

const prettierBin = createRequire(import.meta.url).resolve('prettier/bin/prettier.cjs');

/** One file that fails the check: Prettier would reformat it, or cannot parse it. */
export interface FormatProblem {
  /** Path relative to the workspace root, with `/`. */
  readonly file: string;
  readonly message: string;
}

/** What a file Prettier would change is reported as. */
export const NOT_FORMATTED = 'not formatted (npx prettier --write <file>)';

/**
 * Files under `root` that fail `prettier --check` (sorted by path), or undefined when the
 * workspace has no Prettier config. A file Prettier cannot parse is a problem of that file; any
 * other Prettier failure (bad config, timeout) is an error naming the cause, never an empty list.
 */
export async function findFormatProblems(root: string): Promise<FormatProblem[] | undefined> {
  if (!existsSync(path.join(root, PRETTIER_CONFIG))) return undefined;
  const args = [
    prettierBin,
    '--list-different',
    '--cache',
    '--cache-strategy',
    'content',
    '--cache-location',
    PRETTIER_CACHE,
    '.',
  ];
  const { code, stdout, stderr } = await run(process.execPath, args, root);
  // Exit 0: all formatted; 1: some files differ (listed on stdout); 2: Prettier failed on something.
  const unparsable = [...stripAnsi(stderr).matchAll(/^\[error\] ([^\s>|][^:]*): (.+)$/gm)].map((m) => ({
    file: relative(m[1] ?? ''),
    message: `prettier cannot parse it: ${m[2] ?? ''}`,
  }));
  if (code !== 0 && code !== 1 && (code !== 2 || unparsable.length === 0)) {
    throw new Error(`prettier --list-different failed (exit ${code}) in ${root}: ${stderr.trim().slice(-2000)}`);
  }
  const unformatted = stdout
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => ({ file: relative(line), message: NOT_FORMATTED }));
  return [...unformatted, ...unparsable].sort((a, b) => a.file.localeCompare(b.file));
}

/** Removes ANSI colour codes, in case a Prettier version colours its output anyway. */
function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

function relative(file: string): string {
  return file.split(path.sep).join('/');
}

function run(
  bin: string,
  args: string[],
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // No colours: the output is parsed (Nx sets FORCE_COLOR for the tasks it runs).
    const child = spawn(bin, args, {
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: FORMAT_CHECK_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.once('error', (cause) => reject(new Error(`cannot run prettier (${bin} ${prettierBin})`, { cause })));
    child.once('close', (code, signal) => {
      if (signal)
        reject(
          new Error(
            `prettier --list-different was killed (${signal}) after at most ${FORMAT_CHECK_TIMEOUT_MS} ms in ${cwd}`,
          ),
        );
      else resolve({ code, stdout, stderr });
    });
  });
}

async function main(): Promise<void> {
  const { root } = parseCheckArgs(process.argv.slice(2));
  const started = performance.now();
  const problems = await findFormatProblems(root);
  const elapsed = Math.round(performance.now() - started);
  if (problems === undefined) {
    console.log(`format-check: no ${PRETTIER_CONFIG} in ${root}, nothing checked`);
    return;
  }
  for (const p of problems) console.log(`${p.file}  ${p.message}`);
  console.log(`format-check: ${problems.length} file(s) fail prettier --check (${elapsed} ms)`);
  if (problems.length > 0) process.exitCode = 1;
}

if (isMain(import.meta.url)) await main();
