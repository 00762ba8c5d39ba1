/**
 * The data folder: checked before anything starts and created only once every other check passed
 * (a port in use leaves no empty folder behind).
 *
 * Missing folders are created one level at a time, not with `mkdir({ recursive: true })`: under a
 * folder that cannot hold subfolders (`/proc/x`) Node's recursive mkdir never returns (Node 20–24),
 * where a single-level mkdir fails at once with ENOENT. The check probes that the deepest existing
 * level really takes a new entry (access() says yes to root even under /proc), then removes the probe.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { FlagValueError } from './errors';

const codeOf = (error: unknown): string => (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);

const problem = (dir: string, what: string): FlagValueError =>
  new FlagValueError(`data folder ${dir} ${what}; pass --data-dir <folder>`);

/** The deepest existing level of `target`'s path, whether it is a folder, and the missing levels below it (outermost first). */
async function existingLevel(target: string): Promise<{ path: string; isDirectory: boolean; missing: string[] }> {
  const missing: string[] = [];
  for (let path = target; ; path = dirname(path)) {
    try {
      return { path, isDirectory: (await stat(path)).isDirectory(), missing };
    } catch (error) {
      // ENOTDIR: a level above is a file; walking up finds it and names it.
      const code = codeOf(error);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(path) === path) throw error;
      missing.unshift(path);
    }
  }
}

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
  for (const level of await checkDataDir(dir)) {
    try {
      await mkdir(level);
    } catch (error) {
      // Created meanwhile by someone else: fine, as long as it is a folder.
      if (codeOf(error) === 'EEXIST' && (await stat(level).catch(() => undefined))?.isDirectory()) continue;
      throw problem(dir, `cannot be created in ${dirname(level)} (${codeOf(error)})`);
    }
  }
  return resolve(dir);
}
