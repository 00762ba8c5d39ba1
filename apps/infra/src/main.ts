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
import { InfraError, MissingArtifactError } from './errors';
import { CatFinderStack } from './stack';
import { findPackageDir } from './bundling/files';

const infraDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workspaceRoot = resolve(infraDir, '..', '..');

function main(): void {
  const app = new App();
  const context = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const config = loadConfigFile(resolve(context('channelsFile') ?? join(infraDir, 'channels.json')));
  const ffmpegPackage = findPackageDir('@ffmpeg-installer/linux-x64', workspaceRoot);
  if (!ffmpegPackage) {
    throw new MissingArtifactError('@ffmpeg-installer/linux-x64 is not installed; run npm install', workspaceRoot);
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  new CatFinderStack(app, context('stackName') ?? 'CatFinder', {
    config,
    handlerCode: esbuildHandlerCode({ workspaceRoot }),
    ffmpegLayerDir: ffmpegLayerDir(join(ffmpegPackage, 'ffmpeg'), join(infraDir, 'cdk.out', 'bundles')),
    webDist: resolve(context('webDist') ?? join(workspaceRoot, 'apps', 'web', 'dist')),
    description: 'CatFinder: live HLS channel to frame-accurate label clips',
    env: { account: process.env['CDK_DEFAULT_ACCOUNT'], region: process.env['CDK_DEFAULT_REGION'] },
  });
  app.synth();
}

try {
  main();
} catch (error) {
  if (error instanceof InfraError) {
    console.error(`${error.name}: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
