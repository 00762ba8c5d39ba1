/** Builds the dashboard with Vite into a directory of the caller's choosing, or once per source state. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const WEB_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKSPACE_ROOT = join(WEB_ROOT, '..', '..');
/** Where `nx run web:build` (vite.config.ts `outDir`) puts the site. */
const DIST = join(WEB_ROOT, 'dist');

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
 * Everything the build reads: the app's sources, page, static files, Vite config and package
 * manifest, and the lockfile (the dependency versions). src/ imports only types from other
 * workspace packages, which the build erases.
 */
async function buildInputs(): Promise<string[]> {
  return [
    ...(await filesUnder(join(WEB_ROOT, 'src'))),
    ...(await filesUnder(join(WEB_ROOT, 'public'))),
    join(WEB_ROOT, 'index.html'),
    join(WEB_ROOT, 'vite.config.ts'),
    join(WEB_ROOT, 'package.json'),
    join(WORKSPACE_ROOT, 'package-lock.json'),
  ];
}

async function hashOf(files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(relative(WORKSPACE_ROOT, file))
      .update('\0')
      .update(await readFile(file));
  return hash.digest('hex').slice(0, 16);
}

/** Whether `dir` holds a build finished after the last change to any of `inputs` (as make decides). */
async function builtAfter(dir: string, inputs: readonly string[]): Promise<boolean> {
  const built = await stat(join(dir, 'index.html')).catch(() => undefined);
  if (built === undefined) return false;
  const changed = await Promise.all(inputs.map(async (f) => (await stat(f)).mtimeMs));
  return changed.every((t) => t <= built.mtimeMs);
}

/**
 * The built site for the current sources (treat it as read-only): apps/web/dist when `nx run
 * web:build` made it after the last change to the build's inputs (web:test depends on web:build,
 * so under Nx it always is), else a build made at most once per source state (a Vite build is
 * ~9 s of CPU; both browser test files use it), kept under $TMPDIR by the hash of the inputs.
 */
export async function sharedSite(): Promise<string> {
  const inputs = await buildInputs();
  if (await builtAfter(DIST, inputs)) return DIST;
  const dir = join(tmpdir(), 'catfinder-web-site', await hashOf(inputs));
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
