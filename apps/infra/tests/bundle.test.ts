import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { bundleHandler, type BundleResult } from '../src/bundling/bundle-handler';
import { verifyBundle } from '../src/bundling/verify-bundle';
import { BundleError } from '../src/errors';

const root = mkdtempSync(join(tmpdir(), 'infra-bundle-'));
const cacheDir = join(root, 'cache');
let native: BundleResult;

beforeAll(() => {
  // GIVEN a handler importing sharp (native, shipped) and @aws-sdk (runtime-provided)
  native = bundleHandler({ entryPoint: join(__dirname, 'fixtures', 'native-handler', 'handler.ts'), name: 'native', cacheDir });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('bundleHandler with a native dependency', () => {
  it('leaves @aws-sdk to the runtime and ships sharp with only its linux-x64 binaries', () => {
    expect(native.externalImports).toEqual(['@aws-sdk/client-s3', 'sharp']);
    expect(native.shippedPackages).toEqual(expect.arrayContaining(['sharp', '@img/sharp-linux-x64', '@img/sharp-libvips-linux-x64']));
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
    expect(execFileSync(process.execPath, ['probe.mjs'], { cwd: copy, encoding: 'utf8', timeout: 30_000 }).trim()).toBe('PNG');
  });

  it('fails verification, naming the package, when a shipped package is missing', async () => {
    const broken = join(root, 'broken');
    cpSync(native.dir, broken, { recursive: true });
    rmSync(join(broken, 'node_modules', 'sharp'), { recursive: true });
    await expect(verifyBundle(broken)).rejects.toThrow(/does not ship: .*Could not resolve "sharp"/);
  });
});

describe('bundleHandler cache and errors', () => {
  const src = join(root, 'src');
  mkdirSync(src, { recursive: true });
  const entry = join(src, 'handler.ts');

  it('reuses the bundle while inputs are unchanged and rebuilds when a source changes', () => {
    writeFileSync(join(src, 'greeting.ts'), "export const greeting = 'hello';\n");
    writeFileSync(entry, "import { greeting } from './greeting';\nexport const handler = async () => greeting;\n");
    const first = bundleHandler({ entryPoint: entry, name: 'plain', cacheDir });
    expect(first.cached).toBe(false);
    const again = bundleHandler({ entryPoint: entry, name: 'plain', cacheDir });
    expect(again).toMatchObject({ cached: true, dir: first.dir });

    writeFileSync(join(src, 'greeting.ts'), "export const greeting = 'changed';\n");
    const orphan = join(cacheDir, 'plain-0123456789abcdef'); // e.g. left by an older recipe
    mkdirSync(join(orphan, 'node_modules'), { recursive: true });
    const rebuilt = bundleHandler({ entryPoint: entry, name: 'plain', cacheDir });
    expect(rebuilt.cached).toBe(false);
    expect(rebuilt.dir).not.toBe(first.dir);
    expect(existsSync(first.dir)).toBe(false);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(rebuilt.dir)).toBe(true);
  });

  it('names the entry and the unresolved import when esbuild fails', () => {
    const bad = join(src, 'bad.ts');
    writeFileSync(bad, "import { x } from 'no-such-package-catfinder';\nexport const handler = async () => x;\n");
    expect(() => bundleHandler({ entryPoint: bad, name: 'bad', cacheDir })).toThrow(BundleError);
    expect(() => bundleHandler({ entryPoint: bad, name: 'bad', cacheDir })).toThrow(/bad\.ts.*no-such-package-catfinder/);
    expect(() => bundleHandler({ entryPoint: join(src, 'missing.ts'), name: 'm', cacheDir })).toThrow(/entry point does not exist/);
  });
});
