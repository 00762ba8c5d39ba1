/**
 * CDK app entry (`cdk.json` runs it): reads the channels config, bundles the handlers, and
 * synthesizes the CatFinder stack with the cdk-nag AwsSolutions checks on.
 *
 * Context: `-c channelsFile=<path>` (default apps/infra/channels.json),
 * `-c stackName=<name>` (default CatFinder), `-c webDist=<path>` (default apps/web/dist).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ffmpegLayerDir } from './bundling/ffmpeg-layer-dir';
import { esbuildHandlerCode } from './bundling/handler-code';
import { loadConfigFile } from './config/load-config';
import { InfraError } from './errors';
import { CatFinderStack } from './stack';
import { RegistryTarballs } from './bundling/registry-tarballs';

const infraDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workspaceRoot = resolve(infraDir, '..', '..');

async function main(): Promise<void> {
  const app = new App();
  const context = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const config = loadConfigFile(resolve(context('channelsFile') ?? join(infraDir, 'channels.json')));
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
  new CatFinderStack(app, context('stackName') ?? 'CatFinder', {
    config,
    handlerCode,
    ffmpegLayerDir: ffmpegLayerDir(tarballs, bundles),
    webDist: resolve(context('webDist') ?? join(workspaceRoot, 'apps', 'web', 'dist')),
    description: 'CatFinder: live HLS channel to frame-accurate label clips',
    env: { account: process.env['CDK_DEFAULT_ACCOUNT'], region: process.env['CDK_DEFAULT_REGION'] },
  });
  app.synth();
}

main().catch((error: unknown) => {
  if (error instanceof InfraError) {
    console.error(`${error.name}: ${error.message}`);
    process.exit(1);
  }
  throw error;
});
