/** Builds the dashboard with Vite into a directory of the caller's choosing. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const WEB_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function buildSite(outDir: string): Promise<string> {
  await build({
    root: WEB_ROOT,
    configFile: join(WEB_ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}
