import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isBuiltin } from 'node:module';
import { basename, join } from 'node:path';
import { RegistryTarballs } from '../src/bundling/registry-tarballs';
import { bundleHandler, type BundleResult } from '../src/bundling/bundle-handler';
import { verifyBundle } from '../src/bundling/verify-bundle';
import { BundleError } from '../src/errors';
import { hashDirectory } from '../src/bundling/files';
import { workspaceRoot, workspaceTarballs } from './helpers/workspace';

const root = mkdtempSync(join(tmpdir(), 'infra-bundle-'));
const cacheDir = join(root, 'cache');
let native: BundleResult;

const tarballs = workspaceTarballs();
const fixture = join('apps', 'infra', 'tests', 'fixtures', 'native-handler', 'handler.ts');

beforeAll(async () => {
  // GIVEN a handler importing sharp (native, shipped) and @aws-sdk (runtime-provided)
  native = await bundleHandler({ entryPoint: join(workspaceRoot, fixture), name: 'native', cacheDir, tarballs });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('bundleHandler with a native dependency', () => {
  it('leaves @aws-sdk to the runtime and ships sharp with only its linux-x64 binaries', () => {
    expect(native.externalImports).toEqual(['@aws-sdk/client-s3', 'sharp']);
    expect(native.shippedPackages).toEqual(
      expect.arrayContaining(['sharp', '@img/sharp-linux-x64', '@img/sharp-libvips-linux-x64']),
    );
    expect(native.shippedPackages.filter((p) => /darwin|win32|musl|arm/.test(p))).toEqual([]);
    expect(existsSync(join(native.dir, 'handler.mjs'))).toBe(true);
    expect(existsSync(join(native.dir, 'node_modules', '@aws-sdk'))).toBe(false);
  });

  it('produces a folder whose imports all resolve inside it', async () => {
    const check = await verifyBundle(native.dir);
    expect(check.exports).toContain('handler');
    expect(check.resolvedInBundle).toContain('sharp');
    const outside = check.runtimeProvided.filter((s) => !s.startsWith('@aws-sdk/') && !isBuiltin(s));
    expect(outside).toEqual([]);
  });

  it('runs the shipped sharp from a copy of the folder alone', () => {
    const copy = join(root, 'copy');
    cpSync(native.dir, copy, { recursive: true });
    writeFileSync(
      join(copy, 'probe.mjs'),
      "import sharp from 'sharp';\n" +
        "const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#f00' } }).png().toBuffer();\n" +
        'console.log(png.subarray(1, 4).toString());\n',
    );
    expect(execFileSync(process.execPath, ['probe.mjs'], { cwd: copy, encoding: 'utf8', timeout: 30_000 }).trim()).toBe(
      'PNG',
    );
  });

  it('fails verification, naming the package, when a shipped package is missing', async () => {
    const broken = join(root, 'broken');
    cpSync(native.dir, broken, { recursive: true });
    rmSync(join(broken, 'node_modules', 'sharp'), { recursive: true });
    await expect(verifyBundle(broken)).rejects.toThrow(/does not ship: .*Could not resolve "sharp"/);
  });
});

describe('bundleHandler on a host without the linux-x64 platform packages', () => {
  it('ships the identical sharp binaries from the pinned registry tarballs when the host has none', async () => {
    // GIVEN a copy of the workspace whose node_modules lacks every @img/sharp-* platform package
    // (what npm installs on macOS, Windows or ARM Linux), with the same lockfile
    const hidden = join(root, 'hidden-host');
    mkdirSync(join(hidden, 'node_modules', '@img'), { recursive: true });
    cpSync(join(workspaceRoot, 'package-lock.json'), join(hidden, 'package-lock.json'));
    for (const entry of readdirSync(join(workspaceRoot, 'node_modules'))) {
      if (entry !== '@img' && entry !== '.cache')
        symlinkSync(join(workspaceRoot, 'node_modules', entry), join(hidden, 'node_modules', entry));
    }
    for (const entry of readdirSync(join(workspaceRoot, 'node_modules', '@img')).filter(
      (e) => !e.startsWith('sharp-'),
    )) {
      symlinkSync(join(workspaceRoot, 'node_modules', '@img', entry), join(hidden, 'node_modules', '@img', entry));
    }
    cpSync(join(workspaceRoot, fixture), join(hidden, fixture));
    const hiddenTarballs = new RegistryTarballs({
      lockfile: join(hidden, 'package-lock.json'),
      cacheDir: tarballs.cacheDir,
    });
    // WHEN the same handler is bundled there
    const there = await bundleHandler({
      entryPoint: join(hidden, fixture),
      name: 'native',
      cacheDir: join(root, 'hidden-cache'),
      tarballs: hiddenTarballs,
    });
    // THEN the bundle folder (JS and shipped linux-x64 binaries) is byte for byte the same
    expect(existsSync(join(hidden, 'node_modules', '@img', 'sharp-linux-x64'))).toBe(false);
    expect(there.shippedPackages).toEqual(native.shippedPackages);
    expect(hashDirectory(there.dir)).toBe(hashDirectory(native.dir));
    expect(basename(there.dir)).toBe(basename(native.dir));
  });
});

describe('bundleHandler cache and errors', () => {
  const src = join(root, 'src');
  mkdirSync(src, { recursive: true });
  const entry = join(src, 'handler.ts');

  it('reuses the bundle while inputs are unchanged and rebuilds when a source changes', async () => {
    writeFileSync(join(src, 'greeting.ts'), "export const greeting = 'hello';\n");
    writeFileSync(entry, "import { greeting } from './greeting';\nexport const handler = async () => greeting;\n");
    const first = await bundleHandler({ entryPoint: entry, name: 'plain', cacheDir, tarballs });
    expect(first.cached).toBe(false);
    const again = await bundleHandler({ entryPoint: entry, name: 'plain', cacheDir, tarballs });
    expect(again).toMatchObject({ cached: true, dir: first.dir });

    writeFileSync(join(src, 'greeting.ts'), "export const greeting = 'changed';\n");
    const orphan = join(cacheDir, 'plain-0123456789abcdef'); // e.g. left by an older recipe
    mkdirSync(join(orphan, 'node_modules'), { recursive: true });
    const rebuilt = await bundleHandler({ entryPoint: entry, name: 'plain', cacheDir, tarballs });
    expect(rebuilt.cached).toBe(false);
    expect(rebuilt.dir).not.toBe(first.dir);
    expect(existsSync(first.dir)).toBe(false);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(rebuilt.dir)).toBe(true);
  });

  it('names the entry and the unresolved import when esbuild fails', async () => {
    const bad = join(src, 'bad.ts');
    writeFileSync(bad, "import { x } from 'no-such-package-catfinder';\nexport const handler = async () => x;\n");
    await expect(bundleHandler({ entryPoint: bad, name: 'bad', cacheDir, tarballs })).rejects.toThrow(BundleError);
    await expect(bundleHandler({ entryPoint: bad, name: 'bad', cacheDir, tarballs })).rejects.toThrow(
      /bad\.ts.*no-such-package-catfinder/,
    );
    await expect(bundleHandler({ entryPoint: join(src, 'missing.ts'), name: 'm', cacheDir, tarballs })).rejects.toThrow(
      /entry point does not exist/,
    );
  });
});
