/**
 * Logging through Powertools Logger (structured JSON, one line per entry): `loggerSink` adapts a
 * Logger to the pipeline's LogSink; `consoleSink` is the same over a new Logger for a service.
 * The local stack prints readable lines with its own progress sink instead.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogSink } from './run-parse';

export function loggerSink(log: Logger): LogSink {
  return {
    info: (message, extra) => log.info(message, extra ?? {}),
    warn: (message, extra) => log.warn(message, extra ?? {}),
    error: (message, extra) => log.error(message, extra ?? {}),
  };
}

export function consoleSink(service = 'catfinder-parse'): LogSink {
  return loggerSink(new Logger({ serviceName: service }));
}
