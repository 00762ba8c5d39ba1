import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** sha256 of one file's bytes. */
export function hashFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** sha256 over every file of a directory (relative path + bytes + exec bit), in a stable order. */
export function hashDirectory(dir: string): string {
  const hash = createHash('sha256');
  for (const file of listFiles(dir)) {
    const mode = statSync(file).mode & 0o111 ? 'x' : '-';
    hash.update(`${relative(dir, file)}\0${mode}\0`).update(readFileSync(file));
  }
  return hash.digest('hex');
}

/** Every regular file under `dir`, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile() || entry.isSymbolicLink()) out.push(path);
  }
  return out.sort();
}

/** Finds `node_modules/<name>` walking up from `fromDir`, as Node's resolver does. */
export function findPackageDir(name: string, fromDir: string): string | undefined {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Copies a file or folder, creating parents; keeps file modes. */
export function copyInto(from: string, to: string, filter?: (src: string) => boolean): void {
  cpSync(from, to, { recursive: true, dereference: true, ...(filter ? { filter } : {}) });
}
