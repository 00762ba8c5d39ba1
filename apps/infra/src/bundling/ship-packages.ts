import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { PinnedPackageError } from '../errors';
import { copyInto, findPackageDir } from './files';
import { isPlatformSpecific, runsOnLambda } from './lockfile';
import type { RegistryTarballs } from './registry-tarballs';

/** Files a package never needs at run time (keeps the zip small). */
const SKIP = /(\.md|\.map|\.d\.ts|\.d\.mts|\.d\.cts|\.gyp|\.cc|\.h)$|\/(src|docs?|test|tests|install)(\/|$)/;

interface PackageJson {
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

/** A package copied into a bundle's node_modules. */
export interface ShippedPackage {
  readonly name: string;
  /** A file whose content identifies what was shipped (package.json, or the registry tarball). */
  readonly inputFile: string;
  /** `registry` when its bytes came from the pinned tarball (platform binaries), else `local`. */
  readonly source: 'local' | 'registry';
}

interface Pending {
  readonly name: string;
  /** Folder to resolve it from (Node's resolution, for pure-JS packages). */
  readonly from: string;
  /** Lockfile key of the package that depends on it ('' for the bundle itself). */
  readonly fromLock: string;
  readonly optional: boolean;
}

/**
 * Copies `names` and their production dependency closure into `<outDir>/node_modules`. Pure-JS
 * packages come from the local install (identical on every host). Platform-specific packages
 * (sharp's `@img/sharp-linux-x64` and libvips) come from their exact lockfile-pinned registry
 * tarballs for Lambda's linux-x64-glibc, whatever the host installed; other platforms' are skipped.
 */
export function shipPackages(
  names: readonly string[],
  fromDir: string,
  outDir: string,
  tarballs: RegistryTarballs,
): ShippedPackage[] {
  const lockDir = dirname(tarballs.lock.path);
  const shipped = new Map<string, ShippedPackage>();
  const queue: Pending[] = names.map((name) => ({ name, from: fromDir, fromLock: '', optional: false }));
  while (queue.length > 0) {
    const next = queue.shift();
    if (!next || shipped.has(next.name)) continue;
    const entry = pinned(tarballs, next);
    if (!entry) continue;
    const dest = join(outDir, 'node_modules', next.name);
    let pkgDir: string;
    let lockPath: string;
    if (isPlatformSpecific(entry)) {
      if (!runsOnLambda(entry)) continue;
      unpackFiltered(tarballs, entry, dest);
      shipped.set(next.name, { name: next.name, inputFile: tarballs.tarball(entry), source: 'registry' });
      [pkgDir, lockPath] = [dest, entry.lockPath];
    } else {
      const dir = findPackageDir(next.name, next.from);
      if (!dir) throw new Error(`package "${next.name}" is not installed (looked from ${next.from})`);
      copyInto(dir, dest, keep(dir));
      shipped.set(next.name, { name: next.name, inputFile: join(dir, 'package.json'), source: 'local' });
      [pkgDir, lockPath] = [dir, relative(lockDir, dir).split(sep).join('/')];
    }
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as PackageJson;
    const from = isPlatformSpecific(entry) ? next.from : pkgDir;
    for (const dep of Object.keys(pkg.dependencies ?? {}))
      queue.push({ name: dep, from, fromLock: lockPath, optional: false });
    for (const dep of Object.keys(pkg.optionalDependencies ?? {}))
      queue.push({ name: dep, from, fromLock: lockPath, optional: true });
  }
  return [...shipped.values()];
}

function pinned(tarballs: RegistryTarballs, next: Pending): ReturnType<RegistryTarballs['entry']> | undefined {
  try {
    return tarballs.entry(next.name, next.fromLock);
  } catch (error) {
    // an optional dependency npm never recorded (not for any platform) is simply absent
    if (next.optional && error instanceof PinnedPackageError) return undefined;
    throw error;
  }
}

function keep(root: string): (src: string) => boolean {
  return (src) => {
    const rel = `/${relative(root, src).split(sep).join('/')}`;
    return !SKIP.test(rel) && !/\/node_modules(\/|$)/.test(rel);
  };
}

function unpackFiltered(tarballs: RegistryTarballs, entry: ReturnType<RegistryTarballs['entry']>, dest: string): void {
  const tmp = mkdtempSync(join(tmpdir(), 'catfinder-pkg-'));
  try {
    tarballs.unpack(entry, tmp);
    copyInto(tmp, dest, keep(tmp));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
