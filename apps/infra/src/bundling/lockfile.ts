import { readFileSync } from 'node:fs';
import { PinnedPackageError } from '../errors';

/** One `packages` entry of an npm v2/v3 `package-lock.json` (the fields this stack reads). */
export interface LockEntry {
  /** Its key in the lockfile, e.g. `node_modules/sharp/node_modules/semver`. */
  readonly lockPath: string;
  readonly name: string;
  readonly version: string;
  /** Subresource Integrity string (`sha512-…`) of the registry tarball. */
  readonly integrity: string;
  readonly os?: readonly string[];
  readonly cpu?: readonly string[];
  readonly libc?: readonly string[];
}

interface RawEntry {
  readonly version?: string;
  readonly integrity?: string;
  readonly os?: string[];
  readonly cpu?: string[];
  readonly libc?: string[];
  readonly link?: boolean;
}

/** The parsed `packages` map of a lockfile, plus where it came from (for error messages). */
export interface Lockfile {
  readonly path: string;
  readonly packages: Readonly<Record<string, RawEntry>>;
}

export function readLockfile(path: string): Lockfile {
  let raw: { lockfileVersion?: number; packages?: Record<string, RawEntry> };
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as typeof raw;
  } catch (cause) {
    throw new PinnedPackageError(`cannot read the lockfile ${path} (run npm install at the repository root)`, path, {
      cause,
    });
  }
  if (!raw.packages)
    throw new PinnedPackageError(`${path} has no "packages" map (lockfileVersion 2 or 3 is needed)`, path);
  return { path, packages: raw.packages };
}

/**
 * The entry Node's resolver would use for `name` when required from the package at `fromLockPath`
 * (its own node_modules first, then each ancestor's, then the root's).
 */
export function lockedEntry(lock: Lockfile, name: string, fromLockPath = ''): LockEntry {
  let base = fromLockPath;
  for (;;) {
    const lockPath = `${base ? `${base}/` : ''}node_modules/${name}`;
    const raw = lock.packages[lockPath];
    if (raw && !raw.link) {
      if (!raw.version || !raw.integrity) {
        throw new PinnedPackageError(`${lockPath} has no version/integrity in ${lock.path}`, name);
      }
      return { lockPath, name, version: raw.version, integrity: raw.integrity, ...platformFields(raw) };
    }
    if (base === '') break;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
  throw new PinnedPackageError(
    `${name} is not pinned in ${lock.path}; add it to a package.json and run npm install`,
    name,
  );
}

function platformFields(raw: RawEntry): Pick<LockEntry, 'os' | 'cpu' | 'libc'> {
  return {
    ...(raw.os ? { os: raw.os } : {}),
    ...(raw.cpu ? { cpu: raw.cpu } : {}),
    ...(raw.libc ? { libc: raw.libc } : {}),
  };
}

/** The Lambda platform every shipped binary must run on (x86_64, glibc). */
export const LAMBDA_PLATFORM = { os: 'linux', cpu: 'x64', libc: 'glibc' } as const;

/** true when the entry names platforms (a prebuilt binary package). */
export function isPlatformSpecific(entry: Pick<LockEntry, 'os' | 'cpu' | 'libc'>): boolean {
  return entry.os !== undefined || entry.cpu !== undefined || entry.libc !== undefined;
}

/** true when the package may be installed on Lambda's platform. */
export function runsOnLambda(entry: Pick<LockEntry, 'os' | 'cpu' | 'libc'>): boolean {
  const ok = (list: readonly string[] | undefined, value: string): boolean =>
    !list ||
    (list.includes(value) && !list.includes(`!${value}`)) ||
    (list.every((v) => v.startsWith('!')) && !list.includes(`!${value}`));
  return ok(entry.os, LAMBDA_PLATFORM.os) && ok(entry.cpu, LAMBDA_PLATFORM.cpu) && ok(entry.libc, LAMBDA_PLATFORM.libc);
}
