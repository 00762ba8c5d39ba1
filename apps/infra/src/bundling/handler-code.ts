import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { Detector } from '../config/types';
import { BundleError } from '../errors';
import { bundleHandler } from './bundle-handler';
import { findPackageDir } from './files';
import { withLocalDetectorFiles } from './local-detector-files';
import type { OmitDynamicImports } from './omit-dynamic-imports';
import type { RegistryTarballs } from './registry-tarballs';

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
  /** Detectors the configured channels use (one parse bundle each). */
  readonly detectors: readonly Detector[];
  /** Pinned registry tarballs for Lambda's platform binaries. */
  readonly tarballs: RegistryTarballs;
  /** Cache folder for bundles. @default `<workspaceRoot>/apps/infra/cdk.out/bundles` */
  readonly cacheDir?: string;
}

/** What the local detector needs and a Rekognition parse must not carry. */
export const LOCAL_DETECTOR_PACKAGES: readonly string[] = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-converter',
  '@tensorflow/tfjs-backend-wasm',
  '@vladmandic/human',
  'sharp',
];

/**
 * Bundles `apps/prekog-lambda/src/handler.ts` once and `apps/parse-lambda/src/handler.ts` once per
 * detector in use: a Rekognition parse leaves out libs/vision's lazily imported local detector
 * runtime (tfjs, CenterNet, sharp); a local one ships it with its model and wasm files.
 */
export async function esbuildHandlerCode(options: EsbuildHandlerCodeOptions): Promise<HandlerCode> {
  const cacheDir = options.cacheDir ?? join(options.workspaceRoot, 'apps', 'infra', 'cdk.out', 'bundles');
  const entry = (app: string): string => join(options.workspaceRoot, 'apps', app, 'src', 'handler.ts');
  const { tarballs } = options;
  const prekog = (await bundleHandler({ entryPoint: entry('prekog-lambda'), name: 'prekog', cacheDir, tarballs })).dir;
  const parse = new Map<Detector, string>();
  for (const detector of new Set(options.detectors)) {
    if (detector === 'local') {
      const bundle = await bundleHandler({
        entryPoint: entry('parse-lambda'),
        name: 'parse-local',
        cacheDir,
        tarballs,
      });
      parse.set(detector, withLocalDetectorFiles(bundle.dir, entry('parse-lambda')));
    } else {
      const omit = omitLocalDetector(entry('parse-lambda'));
      parse.set(
        detector,
        (
          await bundleHandler({
            entryPoint: entry('parse-lambda'),
            name: 'parse-rekognition',
            cacheDir,
            tarballs,
            omit,
          })
        ).dir,
      );
    }
  }
  return {
    parse: (detector) => {
      const dir = parse.get(detector);
      if (!dir) throw new BundleError(`no parse bundle was prepared for detector "${detector}"`, entry('parse-lambda'));
      return dir;
    },
    prekog: () => prekog,
  };
}

/**
 * libs/vision folders whose lazy `import()`s a Rekognition parse leaves out: `local` (the CenterNet
 * detector's tfjs runtime and sharp) and `faces` (the named-faces gallery's tfjs runtime and sharp;
 * Rekognition channels recognise faces with RecognizeCelebrities). `reuse` is bundled: its
 * signature decodes with jpeg-js (pure JS), so Rekognition channels reuse labels too.
 */
export const OMITTED_VISION_DIRS: readonly string[] = ['local', 'faces'];

/** The lazy `import()`s of libs/vision's local runtimes, resolved from the parse entry point. */
export function omitLocalDetector(entryPoint: string): OmitDynamicImports {
  const vision = findPackageDir('@catfinder/vision', join(entryPoint, '..'));
  if (!vision) throw new BundleError('@catfinder/vision is not installed', entryPoint);
  return {
    importerDirs: OMITTED_VISION_DIRS.map((dir) => realpathSync(join(vision, 'src', dir))),
    message:
      'this parse bundle was built for DETECTOR=rekognition: the local detector, named faces and sharp are not in it (set "detector": "local" for the channel and deploy again)',
    forbiddenPackages: LOCAL_DETECTOR_PACKAGES,
  };
}
