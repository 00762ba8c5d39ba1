import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { extract } from 'tar';
import { PinnedPackageError } from '../errors';
import { lockedEntry, readLockfile, type LockEntry, type Lockfile } from './lockfile';

/** How long one `npm pack` may take (a ~30 MB tarball on a slow link); npm retries fetches itself. */
const NPM_PACK_TIMEOUT_MS = 300_000;

/** Options for {@link RegistryTarballs}. */
export interface RegistryTarballsOptions {
  /** The repository's package-lock.json: versions and integrity of every pinned package. */
  readonly lockfile: string;
  /** Verified tarballs are kept here. @default `<lockfile dir>/node_modules/.cache/catfinder-infra/npm` */
  readonly cacheDir?: string;
  /** Environment for npm (registry and auth come from it and from .npmrc). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Exact, verified npm registry tarballs of lockfile-pinned packages, fetched with the ordinary
 * npm client (`npm pack`, so the registry, proxy and auth configured in .npmrc or npm_config_*
 * apply) and cached on disk. Used for Lambda's platform binaries (ffmpeg, sharp's libvips), which
 * npm skips installing on any host that is not linux-x64: the deployed bytes never depend on the
 * machine that synthesizes.
 */
export class RegistryTarballs {
  readonly lock: Lockfile;
  readonly cacheDir: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(options: RegistryTarballsOptions) {
    this.lock = readLockfile(resolve(options.lockfile));
    this.cacheDir = resolve(
      options.cacheDir ?? join(resolve(options.lockfile, '..'), 'node_modules', '.cache', 'catfinder-infra', 'npm'),
    );
    this.env = options.env ?? process.env;
  }

  /** The lockfile entry for `name` as resolved from the package at `fromLockPath`. */
  entry(name: string, fromLockPath?: string): LockEntry {
    return lockedEntry(this.lock, name, fromLockPath);
  }

  /** Path of the verified tarball of `entry`, fetching it on first use. */
  tarball(entry: LockEntry): string {
    const file = join(this.cacheDir, `${entry.name.replace('/', '+')}-${entry.version}.tgz`);
    if (existsSync(file) && integrityMatches(file, entry.integrity)) return file;
    mkdirSync(this.cacheDir, { recursive: true });
    const work = join(this.cacheDir, `.pack-${randomUUID()}`);
    mkdirSync(work);
    try {
      this.npmPack(entry, work);
      const packed = readdirSync(work).find((f) => f.endsWith('.tgz'));
      if (!packed)
        throw new PinnedPackageError(`npm pack wrote no tarball for ${entry.name}@${entry.version}`, entry.name);
      if (!integrityMatches(join(work, packed), entry.integrity)) {
        throw new PinnedPackageError(
          `the registry's ${entry.name}@${entry.version} tarball does not match the integrity in ${basename(this.lock.path)} ` +
            `(${entry.integrity.slice(0, 20)}…); check the registry configured in .npmrc (npm config get registry)`,
          entry.name,
        );
      }
      renameSync(join(work, packed), file);
      return file;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  /** Unpacks the verified tarball of `entry` into `dest` (the package root, `package/` stripped). */
  unpack(entry: LockEntry, dest: string): void {
    const file = this.tarball(entry);
    mkdirSync(dest, { recursive: true });
    extract({ file, cwd: dest, strip: 1, sync: true, preserveOwner: false });
  }

  private npmPack(entry: LockEntry, dir: string): void {
    const spec = `${entry.name}@${entry.version}`;
    const [command, prefix] = npmCommand(this.env);
    try {
      execFileSync(command, [...prefix, 'pack', spec, '--pack-destination', dir, '--silent'], {
        cwd: dirname(this.lock.path), // the project's .npmrc (registry, auth) applies
        env: this.env,
        stdio: ['ignore', 'ignore', 'pipe'],
        timeout: NPM_PACK_TIMEOUT_MS,
        shell: process.platform === 'win32' && prefix.length === 0,
      });
    } catch (cause) {
      const stderr = String((cause as { stderr?: unknown }).stderr ?? '')
        .trim()
        .split('\n')
        .slice(-3)
        .join(' ');
      throw new PinnedPackageError(`npm pack ${spec} failed (${stderr || (cause as Error).message})`, entry.name, {
        cause,
        retryable: true,
      });
    }
  }
}

/** The npm that runs this process when there is one (npx, npm run), else `npm` on the PATH. */
function npmCommand(env: NodeJS.ProcessEnv): [string, string[]] {
  const cli = env['npm_execpath'];
  if (cli && /npm-cli\.js$|npx-cli\.js$/.test(cli))
    return [process.execPath, [cli.replace(/npx-cli\.js$/, 'npm-cli.js')]];
  return ['npm', []];
}

/** true when the file's digest equals one of the integrity string's hashes (sha512/sha384/sha256/sha1). */
export function integrityMatches(file: string, integrity: string): boolean {
  const bytes = readFileSync(file);
  return integrity
    .split(/\s+/)
    .filter(Boolean)
    .some((item) => {
      const [algo, digest] = item.split('-', 2) as [string, string | undefined];
      if (!digest || !['sha512', 'sha384', 'sha256', 'sha1'].includes(algo)) return false;
      return createHash(algo).update(bytes).digest('base64') === digest.split('?')[0];
    });
}
