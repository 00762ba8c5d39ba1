import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { copyInto, findPackageDir } from './files';

/** The Lambda platform the shipped native packages must run on. */
const TARGET = { os: 'linux', cpu: 'x64', libc: 'glibc' } as const;

/** Files a package never needs at run time (keeps the zip small). */
const SKIP = /(\.md|\.map|\.d\.ts|\.d\.mts|\.d\.cts|\.gyp|\.cc|\.h)$|\/(src|docs?|test|tests|install)(\/|$)/;

interface PackageJson {
  readonly name: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly os?: readonly string[];
  readonly cpu?: readonly string[];
  readonly libc?: readonly string[];
}

/** A package copied into a bundle's node_modules. */
export interface ShippedPackage {
  readonly name: string;
  /** Where it came from (its package.json is a cache input). */
  readonly sourceDir: string;
}

/**
 * Copies `names` and their production dependency closure into `<outDir>/node_modules`, keeping
 * only optional dependencies built for Lambda's linux-x64-glibc (sharp's prebuilt binaries).
 */
export function shipPackages(names: readonly string[], fromDir: string, outDir: string): ShippedPackage[] {
  const shipped = new Map<string, ShippedPackage>();
  const queue: { name: string; from: string; optional: boolean }[] = names.map((name) => ({ name, from: fromDir, optional: false }));
  while (queue.length > 0) {
    const next = queue.shift();
    if (!next || shipped.has(next.name)) continue;
    const dir = findPackageDir(next.name, next.from);
    if (!dir) {
      if (next.optional) continue;
      throw new Error(`package "${next.name}" is not installed (looked from ${fromDir})`);
    }
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
    if (next.optional && !runsOnLambda(pkg)) continue;
    copyInto(dir, join(outDir, 'node_modules', next.name), (src) => {
      const rel = `/${relative(dir, src)}`;
      return !SKIP.test(rel) && !/\/node_modules(\/|$)/.test(rel);
    });
    shipped.set(next.name, { name: next.name, sourceDir: dir });
    for (const dep of Object.keys(pkg.dependencies ?? {})) queue.push({ name: dep, from: dir, optional: false });
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) queue.push({ name: dep, from: dir, optional: true });
  }
  return [...shipped.values()];
}

function runsOnLambda(pkg: PackageJson): boolean {
  const ok = (list: readonly string[] | undefined, value: string): boolean => !list || list.includes(value);
  return ok(pkg.os, TARGET.os) && ok(pkg.cpu, TARGET.cpu) && ok(pkg.libc, TARGET.libc);
}
