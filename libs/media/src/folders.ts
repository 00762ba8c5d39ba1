/**
 * Creating a folder path one level at a time, for the command-line tools' output and data folders
 * (`@catfinder/media/folders`: node:fs only, so a CLI can check its flags before anything heavy
 * loads). Not `mkdir({ recursive: true })`: under a folder that cannot hold subfolders (`/proc/x`)
 * Node's recursive mkdir never returns (Node 20–24), where a single-level mkdir fails at once; and
 * each level's own error says which level failed.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The `code` of a file-system error (`EACCES`, …), or `unknown error`. */
export function errnoCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error';
}

/** The deepest existing level of an absolute path. */
export interface ExistingLevel {
  readonly path: string;
  readonly isDirectory: boolean;
  /** The levels below it that do not exist, outermost first. */
  readonly missing: string[];
}

/** Walks up from `target` (absolute) to the first level that exists; other errors than a missing level are thrown. */
export async function existingLevel(target: string): Promise<ExistingLevel> {
  const missing: string[] = [];
  for (let path = target; ; path = dirname(path)) {
    try {
      return { path, isDirectory: (await stat(path)).isDirectory(), missing };
    } catch (error) {
      // ENOTDIR: a level above is a file; walking up finds it and names it.
      const code = errnoCode(error);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(path) === path) throw error;
      missing.unshift(path);
    }
  }
}

/** A level `makeLevels` could not create: `level`, its `code`, the error as `cause`. */
export class FolderLevelError extends Error {
  readonly code: string;
  constructor(
    readonly level: string,
    cause: unknown,
  ) {
    super(`cannot create ${level} (${errnoCode(cause)})`, { cause });
    this.name = 'FolderLevelError';
    this.code = errnoCode(cause);
  }
}

/** Creates `levels` (outermost first) one at a time; a level created meanwhile as a folder is fine. */
export async function makeLevels(levels: readonly string[]): Promise<void> {
  for (const level of levels) {
    try {
      await mkdir(level);
    } catch (error) {
      if (errnoCode(error) === 'EEXIST' && (await stat(level).catch(() => undefined))?.isDirectory()) continue;
      throw new FolderLevelError(level, error);
    }
  }
}
