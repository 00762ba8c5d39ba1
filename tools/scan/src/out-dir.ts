/**
 * The output folder, checked and created before a scan starts, so a bad `--out` is one message
 * naming it (exit status 2) instead of a file-system error after seconds of loading.
 *
 * Missing folders are created one level at a time rather than with `mkdir({ recursive: true })`:
 * each step's error then says which level failed, and a folder that cannot hold subfolders
 * (`/proc/x`) fails with ENOENT where Node's recursive mkdir never returns (Node 20–24).
 */
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { OutDirError, type OutDirProblem } from './errors';

const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS']);

const codeOf = (error: unknown): string => (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error';

/** The deepest existing folder (or file) on `target`'s path, and the levels below it that are missing. */
async function existingAncestor(target: string): Promise<{ path: string; isDirectory: boolean; missing: string[] }> {
  const missing: string[] = [];
  for (let path = target; ; path = dirname(path)) {
    try {
      return { path, isDirectory: (await stat(path)).isDirectory(), missing };
    } catch (error) {
      // ENOTDIR: a level above is a file; walking up finds it and names it.
      if (codeOf(error) !== 'ENOENT' && codeOf(error) !== 'ENOTDIR') throw error;
      if (dirname(path) === path) throw error;
      missing.unshift(path);
    }
  }
}

type Fail = (problem: OutDirProblem, detail: string, cause?: unknown) => OutDirError;

const failure =
  (outDir: string, flag: string): Fail =>
  (problem, detail, cause) =>
    new OutDirError(outDir, problem, flag, detail, cause === undefined ? undefined : { cause });

/** The checks of `checkOutDir`, returning the missing levels (outermost first). */
async function check(target: string, fail: Fail): Promise<string[]> {
  let found;
  try {
    found = await existingAncestor(target);
  } catch (error) {
    throw fail('cannot-create', `cannot be checked (${codeOf(error)})`, error);
  }
  const { path, isDirectory, missing } = found;
  if (!isDirectory)
    throw path === target
      ? fail('not-a-folder', 'is a file, not a folder')
      : fail('parent-not-a-folder', `${path} is a file, not a folder`);
  try {
    await access(path, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw path === target
      ? fail('not-writable', `is not writable (${codeOf(error)})`, error)
      : fail('not-writable', `cannot be created: ${path} is not writable (${codeOf(error)})`, error);
  }
  return missing;
}

/**
 * Checks, changing nothing, that `outDir` is a writable folder or can be created as one. Throws
 * OutDirError naming `outDir` as `flag` (`--out`, or `output folder` for the default) and what is
 * wrong. The command line runs it before the pipeline loads; `prepareOutDir` creates the folder.
 */
export async function checkOutDir(outDir: string, flag = '--out'): Promise<void> {
  await check(resolve(outDir), failure(outDir, flag));
}

/** `checkOutDir`, then creates the missing levels; returns the absolute folder. */
export async function prepareOutDir(outDir: string, flag = '--out'): Promise<string> {
  const target = resolve(outDir);
  const fail = failure(outDir, flag);
  for (const level of await check(target, fail)) {
    try {
      await mkdir(level);
    } catch (error) {
      const code = codeOf(error);
      if (code === 'EEXIST' && (await stat(level).catch(() => undefined))?.isDirectory()) continue;
      throw NOT_WRITABLE.has(code)
        ? fail('not-writable', `cannot be created: ${dirname(level)} is not writable (${code})`, error)
        : fail('cannot-create', `cannot be created in ${dirname(level)} (${code})`, error);
    }
  }
  return target;
}
