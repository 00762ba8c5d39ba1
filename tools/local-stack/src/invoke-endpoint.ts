/**
 * A local stand-in for the Lambda Invoke API (`POST /2015-03-31/functions/<name>/invocations`)
 * that runs handlers in this process. `@aws-sdk/client-lambda` reaches it through
 * AWS_ENDPOINT_URL_LAMBDA, so callers need no "local" branch. `Event` invokes answer 202 at once
 * and run in the background with Lambda's async retry rule (up to 2 retries on error);
 * `RequestResponse` answers 200 with the result, or with `X-Amz-Function-Error` on failure.
 * Used by the local stack (both handlers) and, as a separate process serving prekog
 * (serve-prekog.ts), by parse-lambda's integration tests. Lives here, not in an app: it is local
 * tooling, the Lambda service's stand-in.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sleep } from '@catfinder/store';

export type LocalFunction = (event: unknown, context: LocalInvokeContext) => Promise<unknown>;

export interface LocalInvokeContext {
  readonly awsRequestId: string;
  readonly functionName: string;
  getRemainingTimeInMillis(): number;
}

export interface InvokeEndpointOptions {
  /** Functions by name (the last path part of an ARN also matches). */
  readonly functions: Readonly<Record<string, LocalFunction>>;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** Time budget each invocation's context reports. @default 120000 */
  readonly timeoutMs?: number;
  /** Retries of a failed Event invoke, as Lambda does. @default 2 */
  readonly asyncRetries?: number;
  /** Delay before an async retry. @default 1000 */
  readonly retryDelayMs?: number;
  /** Largest accepted payload (Lambda's async limit). @default 262144 */
  readonly maxPayloadBytes?: number;
  /** Called for every finished invocation attempt. */
  readonly onInvocation?: (record: InvocationRecord) => void;
}

export interface InvocationRecord {
  readonly functionName: string;
  readonly type: 'Event' | 'RequestResponse';
  readonly attempt: number;
  readonly ok: boolean;
  readonly error?: string;
  readonly ms: number;
  readonly payload: unknown;
}

export interface InvokeEndpoint {
  /** `http://127.0.0.1:<port>` — the value for AWS_ENDPOINT_URL_LAMBDA. */
  readonly endpoint: string;
  readonly invocations: readonly InvocationRecord[];
  /** Resolves when no asynchronous invocation is running or waiting for a retry. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export async function startInvokeEndpoint(options: InvokeEndpointOptions): Promise<InvokeEndpoint> {
  const invocations: InvocationRecord[] = [];
  const inFlight = new Set<Promise<void>>();
  let counter = 0;
  const maxBytes = options.maxPayloadBytes ?? 262_144;

  const run = async (
    name: string,
    fn: LocalFunction,
    payload: unknown,
    type: InvocationRecord['type'],
    attempt: number,
  ): Promise<unknown> => {
    const started = Date.now();
    const deadline = started + (options.timeoutMs ?? 120_000);
    const context: LocalInvokeContext = {
      awsRequestId: `local-${process.pid}-${++counter}`,
      functionName: name,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    try {
      const result = await fn(payload, context);
      record({ functionName: name, type, attempt, ok: true, ms: Date.now() - started, payload });
      return result;
    } catch (error) {
      record({
        functionName: name,
        type,
        attempt,
        ok: false,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        ms: Date.now() - started,
        payload,
      });
      throw error;
    }
  };
  const record = (r: InvocationRecord): void => {
    invocations.push(r);
    options.onInvocation?.(r);
  };

  const runAsync = (name: string, fn: LocalFunction, payload: unknown): void => {
    const task = (async () => {
      const retries = options.asyncRetries ?? 2;
      for (let attempt = 1; attempt <= retries + 1; attempt++) {
        try {
          await run(name, fn, payload, 'Event', attempt);
          return;
        } catch {
          if (attempt <= retries) await sleep(options.retryDelayMs ?? 1000);
        }
      }
    })();
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => send(res, 500, { message: String(error) }));
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const match = PATH.exec(new URL(req.url ?? '/', 'http://x').pathname);
    if (req.method !== 'POST' || !match)
      return send(
        res,
        404,
        { Type: 'User', message: `no such route ${req.method} ${req.url}` },
        'ResourceNotFoundException',
      );
    const requested = decodeURIComponent(match[1]!);
    // `name`, `name:qualifier` or `arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]`.
    const parts = requested.split(':');
    const name = (requested.startsWith('arn:') ? parts[6] : parts[0]) ?? requested;
    const fn = options.functions[name] ?? options.functions[requested];
    if (!fn)
      return send(res, 404, { Type: 'User', message: `Function not found: ${requested}` }, 'ResourceNotFoundException');
    const body = await readBody(req, maxBytes);
    if (body === undefined)
      return send(
        res,
        413,
        { Type: 'User', message: `payload larger than ${maxBytes} bytes` },
        'RequestTooLargeException',
      );
    let payload: unknown;
    try {
      payload = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return send(
        res,
        400,
        { Type: 'User', message: 'Could not parse request body into json' },
        'InvalidRequestContentException',
      );
    }
    const type = (req.headers['x-amz-invocation-type'] as string | undefined) ?? 'RequestResponse';
    if (type === 'Event') {
      runAsync(name, fn, payload);
      res.writeHead(202, { 'x-amzn-requestid': `local-${counter}` }).end();
      return;
    }
    if (type === 'DryRun') {
      res.writeHead(204).end();
      return;
    }
    try {
      const result = await run(name, fn, payload, 'RequestResponse', 1);
      res
        .writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' })
        .end(JSON.stringify(result ?? null));
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      res
        .writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' })
        .end(JSON.stringify({ errorType: e.name, errorMessage: e.message }));
    }
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    invocations,
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  res
    .writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) })
    .end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
