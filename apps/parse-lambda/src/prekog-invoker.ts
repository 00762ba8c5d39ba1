/**
 * Tells prekog-lambda about an appearance with an asynchronous invoke (`InvocationType: 'Event'`):
 * parse never waits for a clip to be cut. The Lambda service queues the event and retries it on
 * failure; prekog drops repeats by appearance id and idempotency key.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { PrekogEvent } from './events';
import { ParseLambdaError } from './errors';
import type { PrekogInvoker } from './ports';

export class PrekogInvokeError extends ParseLambdaError {
  readonly functionName: string;
  readonly statusCode?: number;
  constructor(functionName: string, message: string, options?: { cause?: unknown; statusCode?: number }) {
    super(`invoke of ${functionName} failed: ${message}`, options);
    this.name = 'PrekogInvokeError';
    this.functionName = functionName;
    if (options?.statusCode !== undefined) this.statusCode = options.statusCode;
  }
}

/** The only call made on the Lambda client, so tests can pass a fake with the same shape. */
export type LambdaSender = Pick<LambdaClient, 'send'>;

export function createPrekogInvoker(
  lambda: LambdaSender,
  functionName: string,
  options: { timeoutMs?: number } = {},
): PrekogInvoker {
  return {
    async invoke(event: PrekogEvent): Promise<void> {
      const abortSignal = AbortSignal.timeout(options.timeoutMs ?? 5_000);
      let status: number | undefined;
      try {
        const out = await lambda.send(
          new InvokeCommand({
            FunctionName: functionName,
            InvocationType: 'Event',
            Payload: new TextEncoder().encode(JSON.stringify(event)),
          }),
          { abortSignal },
        );
        status = out.StatusCode;
      } catch (error) {
        throw new PrekogInvokeError(functionName, error instanceof Error ? error.message : String(error), {
          cause: error,
        });
      }
      // An accepted asynchronous invoke answers 202.
      if (status !== 202)
        throw new PrekogInvokeError(functionName, `expected status 202 for an Event invoke, got ${status}`, {
          ...(status === undefined ? {} : { statusCode: status }),
        });
    },
  };
}
