import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { build, version as esbuildVersion, type BuildFailure, type Metafile } from 'esbuild';
import { NODE_TARGET } from '../constants';
import { BundleError } from '../errors';
import { findPackageDir, hashDirectory, hashFile } from './files';
import { forbiddenPackagesIn, omitDynamicImportsPlugin, type OmitDynamicImports } from './omit-dynamic-imports';
import type { RegistryTarballs } from './registry-tarballs';
import { shipPackages } from './ship-packages';

/** Bump when the recipe below changes, so cached bundles are rebuilt. */
const RECIPE_VERSION = 4;

/** File name of the handler module inside a bundle (Lambda handler `handler.handler`). */
export const BUNDLE_FILE = 'handler.mjs';

/** Provided by the Lambda Node.js runtime (AWS SDK v3), so never bundled or shipped. */
export const RUNTIME_PROVIDED = /^@aws-sdk\//;

/** Packages with native or self-locating files: kept external and shipped as node_modules. */
export const SHIPPED_EXTERNALS: readonly string[] = ['sharp'];

/**
 * ESM output still meets CommonJS dependencies that call `require`, `__dirname`, `__filename`;
 * these give them working values (define maps the free identifiers onto the banner's names).
 */
const BANNER = [
  "import { createRequire as __cfCreateRequire } from 'node:module';",
  "import { fileURLToPath as __cfFileURLToPath } from 'node:url';",
  "import { dirname as __cfDirname } from 'node:path';",
  'const require = __cfCreateRequire(import.meta.url);',
  'const __cf_filename = __cfFileURLToPath(import.meta.url);',
  'const __cf_dirname = __cfDirname(__cf_filename);',
].join('\n');

/** Options for {@link bundleHandler}. */
export interface BundleHandlerOptions {
  /** Handler source file (exports `handler`). */
  readonly entryPoint: string;
  /** Bundle name, used in the cache folder name (e.g. `parse-local`). */
  readonly name: string;
  /** Folder holding cached bundles. */
  readonly cacheDir: string;
  /** Where Lambda's platform binaries (sharp's) come from: pinned registry tarballs. */
  readonly tarballs: RegistryTarballs;
  /** Dynamic imports left out of this bundle (e.g. the local detector of a Rekognition parse). */
  readonly omit?: OmitDynamicImports;
}

/** What a bundle contains and leaves out; `dir` is ready for `lambda.Code.fromAsset(dir)`. */
export interface BundleOutcome {
  readonly dir: string;
  /** Bare imports the bundle leaves to the runtime or to its shipped node_modules. */
  readonly externalImports: readonly string[];
  /** Packages copied into `<dir>/node_modules`. */
  readonly shippedPackages: readonly string[];
  /** Optional packages some dependency tries to require (in try/catch) that are not installed. */
  readonly optionalMissing: readonly string[];
  /** Source files esbuild put into handler.mjs (relative to the working directory). */
  readonly bundledInputs: readonly string[];
}

/** A finished bundle folder. */
export interface BundleResult extends BundleOutcome {
  /** true when the cached folder was reused. */
  readonly cached: boolean;
}

interface CacheManifest extends BundleOutcome {
  readonly inputs: Readonly<Record<string, string>>;
}

/**
 * Bundles one Lambda handler with esbuild (no Docker) into `<cacheDir>/<name>-<contentHash>`.
 * The folder is reused while every input file (as recorded by esbuild's metafile, plus shipped
 * packages and model files) still has the same content hash.
 */
export async function bundleHandler(options: BundleHandlerOptions): Promise<BundleResult> {
  const entryPoint = resolve(options.entryPoint);
  if (!existsSync(entryPoint)) throw new BundleError('entry point does not exist', entryPoint);
  const cacheDir = resolve(options.cacheDir);
  mkdirSync(cacheDir, { recursive: true });
  const key = createHash('sha256')
    .update(
      JSON.stringify({
        RECIPE_VERSION,
        esbuildVersion,
        NODE_TARGET,
        entryPoint,
        SHIPPED_EXTERNALS,
        omit: options.omit ?? null,
      }),
    )
    .digest('hex')
    .slice(0, 16);
  const manifestPath = join(cacheDir, `${options.name}-${key}.manifest.json`);
  const previous = readManifest(manifestPath);
  if (previous && existsSync(previous.dir) && inputsUnchanged(previous.inputs)) {
    const { dir, externalImports, shippedPackages, optionalMissing, bundledInputs } = previous;
    return { dir, externalImports, shippedPackages, optionalMissing, bundledInputs, cached: true };
  }

  const work = join(cacheDir, `.tmp-${options.name}-${randomUUID()}`);
  try {
    // paths inside the bundle (esbuild's module comments) are relative to the repository root, so
    // the asset is the same wherever the repository is cloned
    const root = dirname(options.tarballs.lock.path);
    const metafile = await runEsbuild(entryPoint, join(work, BUNDLE_FILE), root, options.omit);
    const bundledInputs = Object.keys(metafile.inputs).sort();
    const externalImports = collectExternalImports(metafile);
    const forbidden = options.omit ? forbiddenPackagesIn(metafile, externalImports, options.omit) : [];
    if (forbidden.length > 0)
      throw new BundleError(`still contains ${forbidden.join(', ')} after leaving out lazy imports`, entryPoint);
    // an unresolvable require inside try/catch (an optional dependency such as node-fetch's
    // "encoding") is left external by esbuild; it stays optional at run time too
    const toShip = externalImports
      .filter((spec) => !isBuiltin(spec) && !RUNTIME_PROVIDED.test(spec))
      .map(packageName)
      .filter((name) => SHIPPED_EXTERNALS.includes(name) || findPackageDir(name, dirname(entryPoint)) !== undefined);
    const optionalMissing = [
      ...new Set(externalImports.filter((s) => !isBuiltin(s) && !RUNTIME_PROVIDED.test(s)).map(packageName)),
    ]
      .filter((name) => !toShip.includes(name))
      .sort();
    const inputs = Object.keys(metafile.inputs)
      .map((p) => (isAbsolute(p) ? p : resolve(root, p)))
      .filter((p) => existsSync(p));
    let shipped: string[];
    try {
      const packages = shipPackages([...new Set(toShip)], dirname(entryPoint), work, options.tarballs);
      shipped = packages.map((p) => p.name).sort();
      inputs.push(...packages.map((p) => p.inputFile));
    } catch (cause) {
      throw new BundleError((cause as Error).message, entryPoint, { cause });
    }
    const dir = join(cacheDir, `${options.name}-${hashDirectory(work).slice(0, 16)}`);
    if (existsSync(dir)) rmSync(work, { recursive: true, force: true });
    else renameSync(work, dir);
    if (previous && previous.dir !== dir) rmSync(previous.dir, { recursive: true, force: true });
    const manifest: CacheManifest = {
      dir,
      inputs: Object.fromEntries(inputs.map((p) => [p, hashFile(p)])),
      externalImports,
      shippedPackages: shipped,
      optionalMissing,
      bundledInputs,
    };
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 1));
    pruneStale(cacheDir, options.name);
    return { dir, externalImports, shippedPackages: shipped, optionalMissing, bundledInputs, cached: false };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function runEsbuild(
  entryPoint: string,
  outfile: string,
  root: string,
  omit: OmitDynamicImports | undefined,
): Promise<Metafile> {
  try {
    const result = await build({
      entryPoints: [entryPoint],
      outfile,
      absWorkingDir: root,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: NODE_TARGET,
      mainFields: ['module', 'main'],
      external: ['@aws-sdk/*', ...SHIPPED_EXTERNALS],
      banner: { js: BANNER },
      define: { __dirname: '__cf_dirname', __filename: '__cf_filename' },
      legalComments: 'none',
      sourcemap: false,
      metafile: true,
      logLevel: 'silent',
      plugins: omit ? [omitDynamicImportsPlugin(omit)] : [],
    });
    return result.metafile;
  } catch (cause) {
    const failure = cause as Partial<BuildFailure>;
    const detail = failure.errors
      ?.map((e) => `${e.location?.file ?? ''}:${e.location?.line ?? ''} ${e.text}`)
      .join('; ');
    throw new BundleError(detail ?? String(cause), entryPoint, { cause });
  }
}

/** Bare module specifiers the output still imports (external to the bundle). */
function collectExternalImports(metafile: Metafile): string[] {
  const out = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imp of output.imports) {
      if (imp.external) out.add(imp.path);
    }
  }
  return [...out].sort();
}

/**
 * Removes `<name>-<hash>` folders (and their `-local-…` variants) that no manifest points to any
 * more — left behind when a recipe or an entry point changed.
 */
function pruneStale(cacheDir: string, name: string): void {
  const entries = readdirSync(cacheDir);
  const live = new Set(
    entries
      .filter((e) => e.endsWith('.manifest.json'))
      .map((e) => readManifest(join(cacheDir, e))?.dir)
      .filter((d): d is string => d !== undefined)
      .map((d) => basename(d)),
  );
  const pattern = new RegExp(`^${name.replace(/[^a-z0-9]/gi, '\\$&')}-([0-9a-f]{16})(-local-[0-9a-f]{8})?$`);
  for (const entry of entries) {
    const match = pattern.exec(entry);
    if (match && !live.has(`${name}-${match[1]}`)) rmSync(join(cacheDir, entry), { recursive: true, force: true });
  }
}

function readManifest(path: string): CacheManifest | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as CacheManifest;
  } catch {
    return undefined;
  }
}

function inputsUnchanged(inputs: Readonly<Record<string, string>>): boolean {
  return Object.entries(inputs).every(([path, hash]) => existsSync(path) && hashFile(path) === hash);
}

function isBuiltin(spec: string): boolean {
  return spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0] ?? spec);
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec);
}
