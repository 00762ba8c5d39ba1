/** Builds the dashboard with Vite into a directory of the caller's choosing, or once per source state. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const WEB_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKSPACE_ROOT = join(WEB_ROOT, '..', '..');

export async function buildSite(outDir: string): Promise<string> {
  await build({
    root: WEB_ROOT,
    configFile: join(WEB_ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/** Every file under `dir` (recursively), sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * A hash of everything the build reads: the app's sources, page, static files, Vite config and
 * package manifest, and the lockfile (the dependency versions). src/ imports only types from
 * other workspace packages, which the build erases.
 */
async function buildInputsHash(): Promise<string> {
  const files = [
    ...(await filesUnder(join(WEB_ROOT, 'src'))),
    ...(await filesUnder(join(WEB_ROOT, 'public'))),
    join(WEB_ROOT, 'index.html'),
    join(WEB_ROOT, 'vite.config.ts'),
    join(WEB_ROOT, 'package.json'),
    join(WORKSPACE_ROOT, 'package-lock.json'),
  ];
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(relative(WORKSPACE_ROOT, file))
      .update('\0')
      .update(await readFile(file));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The built site for the current sources, built at most once per source state (a Vite build is
 * ~9 s of CPU; both browser test files use it): kept under $TMPDIR by the hash of the build's
 * inputs, so any change to them builds afresh. Treat it as read-only.
 */
export async function sharedSite(): Promise<string> {
  const dir = join(tmpdir(), 'catfinder-web-site', await buildInputsHash());
  if (existsSync(join(dir, 'index.html'))) return dir;
  const partial = `${dir}.${process.pid}.tmp`;
  await buildSite(partial);
  try {
    await rename(partial, dir);
  } catch (error) {
    // Another test process finished the same build first: use that one.
    await rm(partial, { recursive: true, force: true });
    if (!existsSync(join(dir, 'index.html'))) throw error;
  }
  return dir;
}
