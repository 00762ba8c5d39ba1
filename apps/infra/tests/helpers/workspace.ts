import { join, resolve } from 'node:path';
import { RegistryTarballs } from '../../src/bundling/registry-tarballs';

/** The repository root (holds package-lock.json). */
export const workspaceRoot = resolve(__dirname, '..', '..', '..', '..');

let shared: RegistryTarballs | undefined;

/** The repository's pinned tarballs, in the default on-disk cache shared by every test and synth. */
export function workspaceTarballs(): RegistryTarballs {
  shared ??= new RegistryTarballs({ lockfile: join(workspaceRoot, 'package-lock.json') });
  return shared;
}
