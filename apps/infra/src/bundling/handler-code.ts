import { join } from 'node:path';
import type { Detector } from '../config/types';
import { bundleHandler } from './bundle-handler';
import { withLocalDetectorFiles } from './local-detector-files';

/** Supplies the bundle folders the stack deploys (real esbuild bundles, or test stand-ins). */
export interface HandlerCode {
  /** Bundle folder of parse for a channel using `detector`. */
  parse(detector: Detector): string;
  /** Bundle folder of prekog. */
  prekog(): string;
}

/** Options for {@link esbuildHandlerCode}. */
export interface EsbuildHandlerCodeOptions {
  /** Repository root (holds apps/parse-lambda and apps/prekog-lambda). */
  readonly workspaceRoot: string;
  /** Cache folder for bundles. @default `<workspaceRoot>/apps/infra/cdk.out/bundles` */
  readonly cacheDir?: string;
}

/** Bundles `apps/parse-lambda/src/handler.ts` and `apps/prekog-lambda/src/handler.ts` on demand. */
export function esbuildHandlerCode(options: EsbuildHandlerCodeOptions): HandlerCode {
  const cacheDir = options.cacheDir ?? join(options.workspaceRoot, 'apps', 'infra', 'cdk.out', 'bundles');
  const entry = (app: string): string => join(options.workspaceRoot, 'apps', app, 'src', 'handler.ts');
  return {
    parse: (detector) => {
      const bundle = bundleHandler({ entryPoint: entry('parse-lambda'), name: 'parse', cacheDir });
      return detector === 'local' ? withLocalDetectorFiles(bundle.dir, entry('parse-lambda')) : bundle.dir;
    },
    prekog: () => bundleHandler({ entryPoint: entry('prekog-lambda'), name: 'prekog', cacheDir }).dir,
  };
}
