/**
 * The LogSink (contracts.ts) over Powertools Logger: structured JSON, one line per entry. The
 * Lambda handlers adapt their own Logger (`loggerSink`); tools and local processes take a new one
 * for a service (`consoleSink`). The local stack prints readable lines with its own sink instead.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogSink } from './contracts';

export function loggerSink(log: Logger): LogSink {
  return {
    info: (message, extra) => log.info(message, extra ?? {}),
    warn: (message, extra) => log.warn(message, extra ?? {}),
    error: (message, extra) => log.error(message, extra ?? {}),
  };
}

export function consoleSink(service: string): LogSink {
  return loggerSink(new Logger({ serviceName: service }));
}
