import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace this file lives in (tools/workspace/src → three levels up). */
export const DEFAULT_WORKSPACE_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Options shared by the check scripts. */
export interface CheckArgs {
  /** Workspace root to check (`--root <dir>`); tests point it at a temporary fixture. */
  root: string;
  /** Arguments that are not options, in order. */
  positional: string[];
}

/** Parses `--root <dir>` / `--root=<dir>`; anything else starting with `--` is an error. */
export function parseCheckArgs(argv: readonly string[]): CheckArgs {
  let root = DEFAULT_WORKSPACE_ROOT;
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--root') {
      const value = argv[++i];
      if (!value) throw new Error('--root needs a directory');
      root = value;
    } else if (arg.startsWith('--root=')) {
      root = arg.slice('--root='.length);
    } else if (arg.startsWith('--')) {
      throw new Error(`unknown option ${arg} (only --root <dir>)`);
    } else {
      positional.push(arg);
    }
  }
  // Real path: TypeScript reports imported files by their real path, and ownership compares
  // prefixes, so a symlinked root (e.g. macOS /tmp) must not hide the owner.
  let real: string;
  try {
    real = realpathSync(path.resolve(root));
  } catch (cause) {
    throw new Error(`workspace root ${root} does not exist`, { cause });
  }
  return { root: real, positional };
}

/** True when the module at `moduleUrl` is the script node/tsx was started with. */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && path.resolve(script) === fileURLToPath(moduleUrl);
}
