/**
 * The pipeline's log sink for a person at a terminal: one readable line per processed segment,
 * appearance and clip, warnings and errors as they come; `--json` passes the structured records
 * through unchanged instead.
 */
export interface LogSink {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

type Extra = Record<string, unknown> | undefined;

const clock = (): string => new Date().toISOString().slice(11, 19);
const num = (v: unknown): string => (typeof v === 'number' ? String(v) : '?');

/** A readable line for a record, or undefined for records not worth a line. */
export function describe(service: string, level: string, message: string, extra: Extra): string | undefined {
  const x = extra ?? {};
  if (message === 'segment processed') {
    const ms = typeof x.totalMs === 'number' ? `${(x.totalMs / 1000).toFixed(2)} s` : '?';
    return `segment ${num(x.sequence)}  frames=${num(x.frames)} cuts=${num(x.cuts)} samples=${num(x.samples)} detector=${num(x.detectorCalls)}  (${ms})`;
  }
  if (message.startsWith('appearance '))
    return `${message} ${String(x.label)}  ${String(x.appearanceId)}${x.reason ? ` (${String(x.reason)})` : ''}`;
  if (message === 'clip for appearance') {
    const latency = typeof x.latencySeconds === 'number' ? `, latency ${x.latencySeconds.toFixed(1)} s` : '';
    return `clip ${String(x.label ?? '')} ${String(x.clipId)}: ${String(x.status)}${x.reason ? ` — ${String(x.reason)}` : ''}, ${num(x.frameCount)} frames${latency}`;
  }
  if (message === 'parse run summary') return undefined;
  if (level === 'WARN' || level === 'ERROR') {
    // The error, else the event's detail (what a reset, a stall or a source change was).
    const why = x.error ? `: ${String(x.error)}` : typeof x.detail === 'string' ? ` — ${x.detail}` : '';
    return `${level.toLowerCase()} [${service}] ${message}${why}`;
  }
  return undefined;
}

/** A sink for one service (`parse`, `prekog`) writing lines through `write`. */
export function progressSink(service: string, json: boolean, write: (line: string) => void): LogSink {
  const emit = (level: string) => (message: string, extra?: Record<string, unknown>) => {
    if (json) {
      write(JSON.stringify({ level, service, timestamp: new Date().toISOString(), message, ...extra }));
      return;
    }
    const line = describe(service, level, message, extra);
    if (line !== undefined) write(`${clock()}  ${line}`);
  };
  return { info: emit('INFO'), warn: emit('WARN'), error: emit('ERROR') };
}
