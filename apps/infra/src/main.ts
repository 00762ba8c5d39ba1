/**
 * CDK app entry (`cdk.json` runs it): reads the channels config, bundles the handlers, and
 * synthesizes the CatFinder stack with the cdk-nag AwsSolutions checks on.
 *
 * Context: `-c channelsFile=<path>` (default apps/infra/channels.json),
 * `-c stackName=<name>` (default CatFinder), `-c webDist=<path>` (default apps/web/dist).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCdkContext } from './config/cdk-context';
import { loadConfigFile } from './config/load-config';
import { readStackName } from './config/stack-name';
import { InfraError } from './errors';

const infraDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workspaceRoot = resolve(infraDir, '..', '..');

async function main(): Promise<void> {
  const context = readCdkContext();
  const stackName = readStackName(context);
  const channelsFile = resolve(context('channelsFile') ?? join(infraDir, 'channels.json'));
  const config = loadConfigFile(channelsFile);
  // Lazy, each after the cheaper checks: the handlers' config readers (their libs load in about a
  // second), then aws-cdk-lib, cdk-nag and esbuild (seconds), so a bad config fails before them
  const { checkHandlerConfig }: typeof import('./config/handler-config') = await import('./config/handler-config');
  checkHandlerConfig(config, channelsFile);
  const { synthesize }: typeof import('./synthesize') = await import('./synthesize');
  await synthesize({ config, infraDir, workspaceRoot, stackName, context });
}

main().catch((error: unknown) => {
  if (error instanceof InfraError) {
    console.error(`${error.name}: ${error.message}`);
    process.exit(1);
  }
  throw error;
});
