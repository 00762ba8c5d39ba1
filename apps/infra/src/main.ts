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
import { InfraError } from './errors';

const infraDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workspaceRoot = resolve(infraDir, '..', '..');

async function main(): Promise<void> {
  const context = readCdkContext();
  const config = loadConfigFile(resolve(context('channelsFile') ?? join(infraDir, 'channels.json')));
  // Lazy: aws-cdk-lib, cdk-nag and esbuild take seconds to load, so a bad config fails before them
  const { synthesize }: typeof import('./synthesize') = await import('./synthesize');
  await synthesize({ config, infraDir, workspaceRoot, context });
}

main().catch((error: unknown) => {
  if (error instanceof InfraError) {
    console.error(`${error.name}: ${error.message}`);
    process.exit(1);
  }
  throw error;
});
