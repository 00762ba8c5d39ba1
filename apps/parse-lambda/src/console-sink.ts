/** A LogSink writing one JSON line per entry (the local stack's and tests' logger). */
import type { LogSink } from './run-parse';

export function consoleSink(service = 'catfinder-parse', write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): LogSink {
  const emit = (level: string) => (message: string, extra?: Record<string, unknown>) =>
    write(JSON.stringify({ level, service, timestamp: new Date().toISOString(), message, ...extra }));
  return { info: emit('INFO'), warn: emit('WARN'), error: emit('ERROR') };
}
