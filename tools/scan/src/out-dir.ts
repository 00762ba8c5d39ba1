/**
 * The output folder, checked and created before a scan starts, so a bad `--out` is one message
 * naming it (exit status 2) instead of a file-system error after seconds of loading.
 *
 * Missing folders are created one level at a time (`@catfinder/media/folders`), so a folder that
 * cannot hold subfolders (`/proc/x`) fails at once and the message names the level that failed.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { errnoCode as codeOf, existingLevel, FolderLevelError, makeLevels } from '@catfinder/media/folders';
import { OutDirError, type OutDirProblem } from './errors';

const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS']);

type Fail = (problem: OutDirProblem, detail: string, cause?: unknown) => OutDirError;

const failure =
  (outDir: string, flag: string): Fail =>
  (problem, detail, cause) =>
    new OutDirError(outDir, problem, flag, detail, cause === undefined ? undefined : { cause });

/** The checks of `checkOutDir`, returning the missing levels (outermost first). */
async function check(target: string, fail: Fail): Promise<string[]> {
  let found;
  try {
    found = await existingLevel(target);
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
  try {
    await makeLevels(await check(target, fail));
  } catch (error) {
    if (!(error instanceof FolderLevelError)) throw error;
    const parent = dirname(error.level);
    throw NOT_WRITABLE.has(error.code)
      ? fail('not-writable', `cannot be created: ${parent} is not writable (${error.code})`, error.cause)
      : fail('cannot-create', `cannot be created in ${parent} (${error.code})`, error.cause);
  }
  return target;
}
