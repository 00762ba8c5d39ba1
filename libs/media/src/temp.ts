import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, basename, join } from 'node:path';

/** Create a fresh temp directory under the OS temp dir (caller removes it). */
export function makeTempDir(prefix = 'catfinder-media-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Run `fn` with a fresh temp directory that is removed afterwards, whether `fn` succeeds or throws. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>, prefix = 'catfinder-media-'): Promise<T> {
  const dir = await makeTempDir(prefix);
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Remove files/directories, ignoring ones that do not exist. */
export async function removePaths(...paths: string[]): Promise<void> {
  await Promise.all(paths.map((p) => rm(p, { recursive: true, force: true })));
}

/**
 * A temp path next to `finalPath` (same filesystem, so the final rename is atomic) with the same
 * extension so ffmpeg picks the right muxer.
 */
export function siblingTempPath(finalPath: string): string {
  const name = basename(finalPath);
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot) : '';
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return join(
    dirname(finalPath),
    `.${stem}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp${ext}`,
  );
}

/**
 * Write through `write(tempPath)` then rename into `finalPath`; on failure the temp file is
 * removed so nothing half-written is ever visible at `finalPath`.
 */
export async function writeAtomically<T>(finalPath: string, write: (tempPath: string) => Promise<T>): Promise<T> {
  const temp = siblingTempPath(finalPath);
  try {
    const result = await write(temp);
    await rename(temp, finalPath);
    return result;
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
