/**
 * Serves prekog on a local Lambda invoke endpoint, in its own process, configured from the
 * environment like the real function (S3_BUCKET, *_TABLE, CLIPPER, AWS_ENDPOINT_URL_*).
 * Prints one JSON line `{"endpoint":"http://127.0.0.1:<port>","functionName":"…"}` on stdout when
 * ready (then the function's log lines follow);
 * stops on SIGTERM/SIGINT after in-flight invocations finish.
 *
 *   tsx tools/local-stack/src/serve-prekog.ts [--port 0] [--function-name catfinder-prekog]
 */
import { parseArgs } from 'node:util';
// A tool may run the handler in-process (as stack.ts does).
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  consoleSink,
  createPrekogClients,
  createPrekogDeps,
  parsePrekogEvent,
  readPrekogConfig,
  runPrekog,
} from '@catfinder/prekog-lambda';
import { startInvokeEndpoint } from './invoke-endpoint';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, 'function-name': { type: 'string' } },
});
const functionName = values['function-name'] ?? process.env.PREKOG_FUNCTION_NAME ?? 'catfinder-prekog';
const config = readPrekogConfig(process.env);
// Powertools Logger: JSON lines, info on stdout and warnings/errors on stderr, as on Lambda.
const logger = consoleSink('catfinder-prekog');
const deps = createPrekogDeps(config, { clients: createPrekogClients(), logger });
const endpoint = await startInvokeEndpoint({
  port: Number(values.port),
  functions: { [functionName]: (event) => runPrekog(parsePrekogEvent(event), deps) },
  onInvocation: (r) =>
    logger[r.ok ? 'info' : 'error']('invocation', {
      functionName: r.functionName,
      type: r.type,
      attempt: r.attempt,
      ok: r.ok,
      error: r.error,
      ms: r.ms,
    }),
});
process.stdout.write(`${JSON.stringify({ endpoint: endpoint.endpoint, functionName })}\n`);
const stop = async (): Promise<void> => {
  await endpoint.stop();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
