/**
 * Lambda entry point of parse (bundled by apps/infra with esbuild; the AWS SDK v3 is the only
 * external). Clients live at module scope and are reused by warm invocations; the configuration
 * is validated on the first invocation (every bad variable in one error); the detector loads on
 * first use.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { loggerSink } from '@catfinder/store';
import { readParseConfig, type ParseConfig } from './config';
import { ConfigError } from './errors';
import { checkParseEvent, type LambdaContextLike } from './events';
import { powertoolsMetrics } from './metrics';
import { runParse, type ParseDeps, type ParseSummary } from './run-parse';
import { createParseClients, createParseDeps } from './wiring';

const logger = new Logger({ serviceName: 'catfinder-parse' });
const clients = createParseClients();
let ready: { config: ParseConfig; deps: ParseDeps } | undefined;

export async function handler(event: unknown, context: LambdaContextLike): Promise<ParseSummary> {
  if (!ready) {
    let config: ParseConfig;
    try {
      config = readParseConfig(process.env);
    } catch (error) {
      if (error instanceof ConfigError) logger.error('invalid configuration', { problems: error.problems });
      throw error;
    }
    logger.appendKeys({ channel: config.channelId });
    ready = {
      config,
      deps: createParseDeps(config, {
        clients,
        logger: loggerSink(logger),
        metrics: powertoolsMetrics(config.channelId),
      }),
    };
  }
  checkParseEvent(event, ready.config.channelId);
  return runParse(ready.config, ready.deps, context);
}

/** Powertools' logger as the pipeline's log sink (structured JSON on stdout). */
export const sink = loggerSink;
