import { sep } from 'node:path';
import type { Metafile, Plugin } from 'esbuild';

/** Which lazily loaded code a bundle leaves out, and what must then be absent from it. */
export interface OmitDynamicImports {
  /** `import()` calls made by files under these folders (real paths) are left out. */
  readonly importerDirs: readonly string[];
  /** Thrown (as the rejection of that `import()`) if the omitted code is asked for at run time. */
  readonly message: string;
  /** Packages that must then appear neither in the bundle nor in its shipped node_modules. */
  readonly forbiddenPackages: readonly string[];
}

const NAMESPACE = 'catfinder-omitted';

/**
 * esbuild plugin: replaces the targets of `import()` calls under `importerDirs` with a module that
 * throws `message`. libs/vision loads its local detector's runtime (tfjs, the CenterNet model, sharp)
 * and its named-faces runtime (tfjs, BlazeFace/FaceRes, sharp) that way, so a Rekognition channel's
 * bundle carries none of it and fails loudly if misconfigured.
 */
export function omitDynamicImportsPlugin(omit: OmitDynamicImports): Plugin {
  const dirs = omit.importerDirs.map((d) => (d.endsWith(sep) ? d : `${d}${sep}`));
  return {
    name: 'catfinder-omit-dynamic-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) =>
        args.kind === 'dynamic-import' && dirs.some((dir) => args.importer.startsWith(dir))
          ? { path: args.path, namespace: NAMESPACE }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, () => ({
        contents: `throw new Error(${JSON.stringify(omit.message)});\n`,
        loader: 'js',
      }));
    },
  };
}

/** Forbidden packages that still reached the bundle (its inputs or its external imports). */
export function forbiddenPackagesIn(
  metafile: Metafile,
  externalImports: readonly string[],
  omit: OmitDynamicImports,
): string[] {
  const found = omit.forbiddenPackages.filter(
    (pkg) =>
      Object.keys(metafile.inputs).some((input) => input.includes(`node_modules/${pkg}/`)) ||
      externalImports.some((spec) => spec === pkg || spec.startsWith(`${pkg}/`)),
  );
  return found.sort();
}
