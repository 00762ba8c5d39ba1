import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A minimal Lambda Invoke endpoint (async `Event` invokes only) that runs `run` in this process. */
export interface InvokeStandIn {
  /** For AWS_ENDPOINT_URL_LAMBDA. */
  readonly url: string;
  /** Payloads received, in order. */
  readonly payloads: unknown[];
  /** Errors thrown by `run` (an async invoke's failure is otherwise invisible). */
  readonly errors: unknown[];
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export async function startInvokeStandIn(
  run: (functionName: string, payload: unknown) => Promise<unknown>,
): Promise<InvokeStandIn> {
  const payloads: unknown[] = [];
  const errors: unknown[] = [];
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const match = PATH.exec(req.url ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !match || req.headers['x-amz-invocation-type'] !== 'Event') {
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ message: 'only async Event invokes are served here' }));
        return;
      }
      const payload: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
      payloads.push(payload);
      const job = run(decodeURIComponent(match[1]!), payload).then(
        () => undefined,
        (error: unknown) => void errors.push(error),
      );
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job));
      res.writeHead(202, { 'content-type': 'application/json' }).end('');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    payloads,
    errors,
    idle: async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
