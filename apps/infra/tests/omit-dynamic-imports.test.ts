import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import {
  forbiddenPackagesIn,
  omitDynamicImportsPlugin,
  type OmitDynamicImports,
} from '../src/bundling/omit-dynamic-imports';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'infra-omit-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): string {
  const file = join(root, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  return file;
}

// GIVEN two folders whose lazy imports are left out (like libs/vision's local and faces) and one that is not
write('local/detector.ts', "export const runDetector = () => import('./heavy-detector');\n");
write('local/heavy-detector.ts', "export const marker = 'HEAVY_DETECTOR_RUNTIME';\n");
write('faces/models.ts', "export const runFaces = () => import('../shared/heavy-faces');\n");
write('shared/heavy-faces.ts', "export const marker = 'HEAVY_FACES_RUNTIME';\n");
write('kept/lazy.ts', "export const runKept = () => import('./kept-module');\n");
write('kept/kept-module.ts', "export const marker = 'KEPT_LAZY_MODULE';\n");
const entry = write(
  'entry.ts',
  "import { runDetector } from './local/detector';\nimport { runFaces } from './faces/models';\nimport { runKept } from './kept/lazy';\nexport { runDetector, runFaces, runKept };\n",
);
const omit: OmitDynamicImports = {
  importerDirs: [join(root, 'local'), join(root, 'faces')],
  message: 'left out of this bundle',
  forbiddenPackages: ['heavy-pkg'],
};

async function bundle(): Promise<{ text: string; metafile: import('esbuild').Metafile }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    metafile: true,
    outfile: join(root, 'out.mjs'),
    logLevel: 'silent',
    plugins: [omitDynamicImportsPlugin(omit)],
  });
  return { text: result.outputFiles[0]!.text, metafile: result.metafile };
}

describe('omitDynamicImportsPlugin', () => {
  it('leaves out the lazy imports of every listed folder and keeps the others', async () => {
    // WHEN bundled with the plugin
    const { text } = await bundle();
    // THEN neither omitted runtime is in the bundle, the unlisted folder's lazy module is
    expect(text).not.toContain('HEAVY_DETECTOR_RUNTIME');
    expect(text).not.toContain('HEAVY_FACES_RUNTIME');
    expect(text).toContain('KEPT_LAZY_MODULE');
  });

  it('makes an omitted import reject with the message when asked for at run time', async () => {
    const { text } = await bundle();
    const out = write('run/out.mjs', text);
    const mod = (await import(out)) as {
      runDetector: () => Promise<unknown>;
      runFaces: () => Promise<unknown>;
      runKept: () => Promise<{ marker: string }>;
    };
    await expect(mod.runDetector()).rejects.toThrow('left out of this bundle');
    await expect(mod.runFaces()).rejects.toThrow('left out of this bundle');
    await expect(mod.runKept()).resolves.toMatchObject({ marker: 'KEPT_LAZY_MODULE' });
  });

  it('names a forbidden package that still reached the bundle, by input or by external import', async () => {
    const { metafile } = await bundle();
    expect(forbiddenPackagesIn(metafile, [], omit)).toEqual([]);
    expect(forbiddenPackagesIn(metafile, ['heavy-pkg/sub'], omit)).toEqual(['heavy-pkg']);
    const withInput = {
      ...metafile,
      inputs: { ...metafile.inputs, 'node_modules/heavy-pkg/index.js': { bytes: 1, imports: [] } },
    };
    expect(forbiddenPackagesIn(withInput, [], omit)).toEqual(['heavy-pkg']);
  });
});
