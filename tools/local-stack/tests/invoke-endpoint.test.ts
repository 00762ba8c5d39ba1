import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { startInvokeEndpoint, type InvokeEndpoint } from '../src/invoke-endpoint';

const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
let endpoint: InvokeEndpoint | undefined;
afterEach(async () => {
  await endpoint?.stop();
  endpoint = undefined;
});

function client(url: string): LambdaClient {
  return new LambdaClient({ endpoint: url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
}

describe('local Lambda invoke endpoint (driven by the real @aws-sdk/client-lambda)', () => {
  it('answers an Event invoke with 202 and runs the function in the background', async () => {
    const seen: unknown[] = [];
    endpoint = await startInvokeEndpoint({ functions: { prekog: async (event) => void seen.push(event) } });
    const out = await client(endpoint.endpoint).send(
      new InvokeCommand({
        FunctionName: 'prekog',
        InvocationType: 'Event',
        Payload: new TextEncoder().encode('{"a":1}'),
      }),
    );
    expect(out.StatusCode).toBe(202);
    await endpoint.idle();
    expect(seen).toEqual([{ a: 1 }]);
  });

  it('returns the result of a RequestResponse invoke, and a function error as Lambda does', async () => {
    endpoint = await startInvokeEndpoint({
      functions: {
        echo: async (event) => ({ got: event }),
        boom: async () => {
          throw new TypeError('broken');
        },
      },
    });
    const lambda = client(endpoint.endpoint);
    const ok = await lambda.send(
      new InvokeCommand({
        FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:echo',
        Payload: new TextEncoder().encode('{"x":2}'),
      }),
    );
    expect(ok.StatusCode).toBe(200);
    expect(JSON.parse(new TextDecoder().decode(ok.Payload))).toEqual({ got: { x: 2 } });
    const bad = await lambda.send(new InvokeCommand({ FunctionName: 'boom' }));
    expect(bad.FunctionError).toBe('Unhandled');
    expect(JSON.parse(new TextDecoder().decode(bad.Payload))).toEqual({
      errorType: 'TypeError',
      errorMessage: 'broken',
    });
  });

  it('retries a failed Event invoke twice, like Lambda', async () => {
    let calls = 0;
    endpoint = await startInvokeEndpoint({
      retryDelayMs: 10,
      functions: {
        flaky: async () => {
          calls++;
          if (calls < 3) throw new Error(`attempt ${calls} failed`);
        },
      },
    });
    await client(endpoint.endpoint).send(new InvokeCommand({ FunctionName: 'flaky', InvocationType: 'Event' }));
    await endpoint.idle();
    expect(calls).toBe(3);
    expect(endpoint.invocations.map((r) => [r.attempt, r.ok])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
  });

  it('rejects an unknown function with ResourceNotFoundException', async () => {
    endpoint = await startInvokeEndpoint({ functions: {} });
    await expect(
      client(endpoint.endpoint).send(new InvokeCommand({ FunctionName: 'nope', InvocationType: 'Event' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
