import { basename, dirname } from 'node:path';
import { build } from 'esbuild';

/**
 * The packages a module loads before any of its `await import(...)` runs: its static import graph
 * (type-only imports are erased, dynamic imports not followed), as esbuild resolves it.
 */
export async function staticPackageImports(entry: string): Promise<Set<string>> {
  const { metafile } = await build({
    absWorkingDir: dirname(entry),
    entryPoints: [basename(entry)],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of metafile.inputs[file]?.imports ?? []) {
      if (imported.kind !== 'import-statement') continue;
      if (imported.external) packages.add(imported.path);
      else visit(imported.path);
    }
  };
  visit(basename(entry));
  return packages;
}
