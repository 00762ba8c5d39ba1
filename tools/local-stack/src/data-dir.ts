/**
 * The data folder: checked before anything starts and created only once every other check passed
 * (a port in use leaves no empty folder behind).
 *
 * Missing folders are created one level at a time (`@catfinder/media/folders`), so a folder that
 * cannot hold subfolders (`/proc/x`) fails at once. The check probes that the deepest existing
 * level really takes a new entry (access() says yes to root even under /proc), then removes the probe.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { errnoCode as codeOf, existingLevel, FolderLevelError, makeLevels } from '@catfinder/media/folders';
import { FlagValueError } from './errors';

const problem = (dir: string, what: string): FlagValueError =>
  new FlagValueError(`data folder ${dir} ${what}; pass --data-dir <folder>`);

/** Creates and removes a probe entry in `folder`: a file in the data folder itself, a folder in a parent. */
async function probe(folder: string, asFolder: boolean): Promise<void> {
  const path = join(folder, `.catfinder-write-check-${randomUUID()}`);
  if (asFolder) {
    await mkdir(path);
    await rmdir(path);
  } else {
    await writeFile(path, 'ok');
    await rm(path, { force: true });
  }
}

/**
 * Checks, leaving nothing behind, that `dir` is a writable folder or can be created as one; throws
 * one FlagValueError naming it and what is wrong. Returns the missing levels (outermost first).
 */
export async function checkDataDir(dir: string): Promise<string[]> {
  const target = resolve(dir);
  let found;
  try {
    found = await existingLevel(target);
  } catch (error) {
    throw problem(dir, `cannot be checked (${codeOf(error)})`);
  }
  const { path, isDirectory, missing } = found;
  if (!isDirectory)
    throw problem(
      dir,
      path === target ? 'is a file, not a folder' : `is inside ${path}, which is a file, not a folder`,
    );
  try {
    await probe(path, path !== target);
  } catch (error) {
    throw path === target
      ? problem(dir, `is not writable (${codeOf(error)})`)
      : problem(dir, `cannot be created in ${path} (${codeOf(error)})`);
  }
  return missing;
}

/** {@link checkDataDir}, then creates the missing levels one at a time; returns the absolute folder. */
export async function createDataDir(dir: string): Promise<string> {
  try {
    await makeLevels(await checkDataDir(dir));
  } catch (error) {
    if (!(error instanceof FolderLevelError)) throw error;
    throw problem(dir, `cannot be created in ${dirname(error.level)} (${error.code})`);
  }
  return resolve(dir);
}
