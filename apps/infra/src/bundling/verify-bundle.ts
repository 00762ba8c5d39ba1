import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build, type BuildFailure } from 'esbuild';
import { BundleError } from '../errors';
import { BUNDLE_FILE, RUNTIME_PROVIDED } from './bundle-handler';

/** What a shipped bundle folder needs from outside itself. */
export interface BundleCheck {
  /** Bare imports resolved inside the folder's own node_modules. */
  readonly resolvedInBundle: readonly string[];
  /** Imports left to the Lambda runtime (Node builtins, @aws-sdk/*). */
  readonly runtimeProvided: readonly string[];
  /** Names the handler module exports (Lambda needs `handler`). */
  readonly exports: readonly string[];
}

/**
 * Checks that a bundle folder imports nothing it does not ship: every import of the handler and
 * of its shipped node_modules must resolve inside the folder, except Node builtins and the AWS
 * SDK v3 the Lambda runtime provides. Run it on a copy outside the repository so parent
 * node_modules cannot satisfy a missing package.
 */
export async function verifyBundle(dir: string): Promise<BundleCheck> {
  const entry = join(dir, BUNDLE_FILE);
  if (!existsSync(entry)) throw new BundleError(`no ${BUNDLE_FILE} in the bundle folder`, dir);
  const runtime = new Set<string>();
  const inBundle = new Set<string>();
  let exports: readonly string[] = [];
  try {
    const result = await build({
      metafile: true,
      entryPoints: [entry],
      absWorkingDir: dir,
      bundle: true,
      write: false,
      outdir: join(dir, '.verify'),
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
      // native addons are loaded by their package at run time; their presence is what matters
      loader: { '.node': 'empty' },
      plugins: [
        {
          name: 'record-imports',
          setup(build) {
            build.onResolve({ filter: /^[^./]/ }, (args) => {
              if (args.path.startsWith('node:') || builtinModules.includes(args.path.split('/')[0] ?? '')) {
                runtime.add(args.path);
                return { path: args.path, external: true };
              }
              if (RUNTIME_PROVIDED.test(args.path)) {
                runtime.add(args.path);
                return { path: args.path, external: true };
              }
              return undefined; // esbuild resolves it from the folder; failure = not shipped
            });
          },
        },
      ],
    });
    exports = Object.values(result.metafile.outputs)[0]?.exports ?? [];
    for (const input of Object.keys(result.metafile.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match?.[1]) inBundle.add(match[1]);
    }
  } catch (cause) {
    const failure = cause as Partial<BuildFailure>;
    const detail = failure.errors?.map((e) => `${e.location?.file ?? ''}: ${e.text}`).join('; ') ?? String(cause);
    throw new BundleError(`imports something it does not ship: ${detail}`, dir, { cause });
  }
  if (!exports.includes('handler')) throw new BundleError(`${BUNDLE_FILE} does not export "handler"`, dir);
  return { resolvedInBundle: [...inBundle].sort(), runtimeProvided: [...runtime].sort(), exports };
}
