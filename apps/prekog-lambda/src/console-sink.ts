/**
 * Logging through Powertools Logger (structured JSON, one line per entry): `loggerSink` adapts a
 * Logger to prekog's LogSink; `consoleSink` is the same over a new Logger for a service.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogSink } from './run-prekog';

export function loggerSink(log: Logger): LogSink {
  return {
    info: (message, extra) => log.info(message, extra ?? {}),
    warn: (message, extra) => log.warn(message, extra ?? {}),
    error: (message, extra) => log.error(message, extra ?? {}),
  };
}

export function consoleSink(service = 'catfinder-prekog'): LogSink {
  return loggerSink(new Logger({ serviceName: service }));
}
