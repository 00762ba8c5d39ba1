/**
 * The heavy half of the CDK app entry: bundles the handlers and synthesizes the CatFinder stack
 * with the cdk-nag AwsSolutions checks on. main.ts loads it once the channels config is valid.
 */
import { join, resolve } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ffmpegLayerDir } from './bundling/ffmpeg-layer-dir';
import { esbuildHandlerCode } from './bundling/handler-code';
import { RegistryTarballs } from './bundling/registry-tarballs';
import type { ContextReader } from './config/cdk-context';
import type { CatFinderConfig } from './config/types';
import { CatFinderStack } from './stack';

export interface SynthesizeOptions {
  readonly config: CatFinderConfig;
  /** apps/infra: cdk.out/bundles lives here, and the default channels.json. */
  readonly infraDir: string;
  readonly workspaceRoot: string;
  /** Checked by readStackName. */
  readonly stackName: string;
  /** The CDK context main.ts read (the same values `App` reads from the CLI). */
  readonly context: ContextReader;
}

export async function synthesize({
  config,
  infraDir,
  workspaceRoot,
  stackName,
  context,
}: SynthesizeOptions): Promise<void> {
  const app = new App();
  // Lambda's binaries (ffmpeg, sharp's libvips) come from the lockfile's registry tarballs, so the
  // same bytes deploy from macOS, Windows, ARM or x64 Linux
  const tarballs = new RegistryTarballs({ lockfile: join(workspaceRoot, 'package-lock.json') });
  const bundles = join(infraDir, 'cdk.out', 'bundles');
  const handlerCode = await esbuildHandlerCode({
    workspaceRoot,
    detectors: config.channels.map((c) => c.detector),
    tarballs,
    cacheDir: bundles,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  new CatFinderStack(app, stackName, {
    config,
    handlerCode,
    ffmpegLayerDir: ffmpegLayerDir(tarballs, bundles),
    webDist: resolve(context('webDist') ?? join(workspaceRoot, 'apps', 'web', 'dist')),
    description: 'CatFinder: live HLS channel to frame-accurate label clips',
    env: { account: process.env['CDK_DEFAULT_ACCOUNT'], region: process.env['CDK_DEFAULT_REGION'] },
  });
  app.synth();
}
