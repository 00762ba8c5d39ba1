/**
 * Lambda entry point of prekog (bundled by apps/infra with esbuild; the AWS SDK v3 is the only
 * external). Invoked asynchronously by parse with a PrekogEvent; clients live at module scope;
 * the configuration is validated on the first invocation (every bad variable in one error).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { loggerSink } from '@catfinder/store';
import { readPrekogConfig, type PrekogConfig } from './config';
import { ConfigError } from './errors';
import { parsePrekogEvent } from './events';
import { powertoolsMetrics } from './metrics';
import { runPrekog, type PrekogDeps, type PrekogResult } from './run-prekog';
import { createPrekogClients, createPrekogDeps } from './wiring';

const logger = new Logger({ serviceName: 'catfinder-prekog' });
const clients = createPrekogClients();
const metrics = powertoolsMetrics();
let deps: PrekogDeps | undefined;

export async function handler(event: unknown, _context?: unknown): Promise<PrekogResult> {
  if (!deps) {
    let config: PrekogConfig;
    try {
      config = readPrekogConfig(process.env);
    } catch (error) {
      if (error instanceof ConfigError) logger.error('invalid configuration', { problems: error.problems });
      throw error;
    }
    deps = createPrekogDeps(config, { clients, logger: loggerSink(logger), metrics });
  }
  const parsed = parsePrekogEvent(event);
  logger.appendKeys({ channel: parsed.channel, appearanceId: parsed.appearanceId });
  try {
    return await runPrekog(parsed, deps);
  } finally {
    metrics.flush();
  }
}

/** Powertools' logger as a LogSink (structured JSON on stdout). */
export const sink = loggerSink;
