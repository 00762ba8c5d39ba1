/**
 * Publishes the built dashboard (apps/web/dist) into the bucket, with a `config.json` that points
 * it at the feeds next to it, so one URL serves page, feeds and media.
 */
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ObjectStore } from '@catfinder/store';
import { LocalStackError } from './errors';

/** apps/web/dist inside this workspace. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../../apps/web/dist', import.meta.url));

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Uploads every file of `distDir` at the bucket root, then `config.json`. Returns the file count. */
export async function publishDashboard(
  objects: ObjectStore,
  distDir = WEB_DIST_DIR,
  config: Record<string, unknown> = {},
): Promise<number> {
  if (!existsSync(join(distDir, 'index.html'))) {
    throw new LocalStackError(
      `the dashboard is not built (${join(distDir, 'index.html')} is missing); run: npx nx run web:build`,
    );
  }
  const files = await listFiles(distDir);
  for (const file of files) {
    const key = relative(distDir, file).split(sep).join('/');
    // Hashed assets may be cached for long; index.html and config.json must not be.
    await objects.put(key, { path: file }, key.startsWith('assets/') ? {} : { cacheControl: 'no-cache' });
  }
  await objects.put('config.json', JSON.stringify({ feedsBase: 'feeds/', ...config }), { cacheControl: 'no-cache' });
  return files.length + 1;
}
