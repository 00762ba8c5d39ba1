import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { buildSync, version as esbuildVersion, type BuildFailure, type Metafile } from 'esbuild';
import { NODE_TARGET } from '../constants';
import { BundleError } from '../errors';
import { copyInto, findPackageDir, hashDirectory, hashFile } from './files';
import { shipPackages } from './ship-packages';

/** Bump when the recipe below changes, so cached bundles are rebuilt. */
const RECIPE_VERSION = 1;

/** File name of the handler module inside a bundle (Lambda handler `handler.handler`). */
export const BUNDLE_FILE = 'handler.mjs';

/** Provided by the Lambda Node 22 runtime, so never bundled or shipped. */
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
  /** Ship the local detector's files (tfjs wasm binaries, CenterNet model). @default false */
  readonly localDetector?: boolean;
}

/** A finished bundle folder, ready for `lambda.Code.fromAsset(dir)`. */
export interface BundleResult {
  readonly dir: string;
  /** Bare imports the bundle leaves to the runtime or to its shipped node_modules. */
  readonly externalImports: readonly string[];
  /** Packages copied into `<dir>/node_modules`. */
  readonly shippedPackages: readonly string[];
  /** true when the cached folder was reused. */
  readonly cached: boolean;
}

interface CacheManifest {
  readonly dir: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly externalImports: readonly string[];
  readonly shippedPackages: readonly string[];
}

/**
 * Bundles one Lambda handler with esbuild (no Docker) into `<cacheDir>/<name>-<contentHash>`.
 * The folder is reused while every input file (as recorded by esbuild's metafile, plus shipped
 * packages and model files) still has the same content hash.
 */
export function bundleHandler(options: BundleHandlerOptions): BundleResult {
  const entryPoint = resolve(options.entryPoint);
  if (!existsSync(entryPoint)) throw new BundleError('entry point does not exist', entryPoint);
  const cacheDir = resolve(options.cacheDir);
  mkdirSync(cacheDir, { recursive: true });
  const localDetector = options.localDetector ?? false;
  const key = createHash('sha256')
    .update(JSON.stringify({ RECIPE_VERSION, esbuildVersion, NODE_TARGET, entryPoint, localDetector, SHIPPED_EXTERNALS }))
    .digest('hex')
    .slice(0, 16);
  const manifestPath = join(cacheDir, `${options.name}-${key}.manifest.json`);
  const previous = readManifest(manifestPath);
  if (previous && existsSync(previous.dir) && inputsUnchanged(previous.inputs)) {
    return { dir: previous.dir, externalImports: previous.externalImports, shippedPackages: previous.shippedPackages, cached: true };
  }

  const work = join(cacheDir, `.tmp-${options.name}-${randomUUID()}`);
  try {
    const metafile = runEsbuild(entryPoint, join(work, BUNDLE_FILE));
    const externalImports = collectExternalImports(metafile);
    const toShip = externalImports.filter((spec) => !isBuiltin(spec) && !RUNTIME_PROVIDED.test(spec)).map(packageName);
    const inputs = Object.keys(metafile.inputs)
      .map((p) => (isAbsolute(p) ? p : resolve(p)))
      .filter((p) => existsSync(p));
    let shipped: string[];
    try {
      const packages = shipPackages([...new Set(toShip)], dirname(entryPoint), work);
      shipped = packages.map((p) => p.name).sort();
      inputs.push(...packages.map((p) => join(p.sourceDir, 'package.json')));
    } catch (cause) {
      throw new BundleError((cause as Error).message, entryPoint, { cause });
    }
    if (localDetector) inputs.push(...shipLocalDetectorFiles(dirname(entryPoint), work, entryPoint));
    const dir = join(cacheDir, `${options.name}-${hashDirectory(work).slice(0, 16)}`);
    if (existsSync(dir)) rmSync(work, { recursive: true, force: true });
    else renameSync(work, dir);
    if (previous && previous.dir !== dir) rmSync(previous.dir, { recursive: true, force: true });
    const manifest: CacheManifest = {
      dir,
      inputs: Object.fromEntries(inputs.map((p) => [p, hashFile(p)])),
      externalImports,
      shippedPackages: shipped,
    };
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 1));
    return { dir, externalImports, shippedPackages: shipped, cached: false };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function runEsbuild(entryPoint: string, outfile: string): Metafile {
  try {
    const result = buildSync({
      entryPoints: [entryPoint],
      outfile,
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
    });
    return result.metafile;
  } catch (cause) {
    const failure = cause as Partial<BuildFailure>;
    const detail = failure.errors?.map((e) => `${e.location?.file ?? ''}:${e.location?.line ?? ''} ${e.text}`).join('; ');
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
 * The local detector (libs/vision) loads tfjs's wasm binaries and the CenterNet model from their
 * package folders, so they are shipped at the same relative places under node_modules (and the
 * wasm files also next to the bundle, where tfjs looks by default). Returns the input files.
 */
function shipLocalDetectorFiles(fromDir: string, out: string, entryPoint: string): string[] {
  const files: { pkg: string; rel: string; alsoAtRoot?: boolean }[] = [
    { pkg: '@vladmandic/human', rel: 'package.json' },
    { pkg: '@vladmandic/human', rel: 'models/centernet.json' },
    { pkg: '@vladmandic/human', rel: 'models/centernet.bin' },
    { pkg: '@tensorflow/tfjs-backend-wasm', rel: 'package.json' },
    { pkg: '@tensorflow/tfjs-backend-wasm', rel: 'dist/tfjs-backend-wasm.wasm', alsoAtRoot: true },
    { pkg: '@tensorflow/tfjs-backend-wasm', rel: 'dist/tfjs-backend-wasm-simd.wasm', alsoAtRoot: true },
    { pkg: '@tensorflow/tfjs-backend-wasm', rel: 'dist/tfjs-backend-wasm-threaded-simd.wasm', alsoAtRoot: true },
  ];
  const inputs: string[] = [];
  for (const f of files) {
    const dir = findPackageDir(f.pkg, fromDir);
    const src = dir && join(dir, f.rel);
    if (!src || !existsSync(src)) throw new BundleError(`local detector file ${f.pkg}/${f.rel} is not installed`, entryPoint);
    copyInto(src, join(out, 'node_modules', f.pkg, f.rel));
    if (f.alsoAtRoot) copyInto(src, join(out, f.rel.split('/').pop() ?? f.rel));
    inputs.push(src);
  }
  return inputs;
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

