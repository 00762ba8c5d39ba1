import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { call } from '../src/context';
import { StoreError, StoreUnavailableError } from '../src/index';

const sdkError = (
  name: string,
  status: number | undefined,
  fault: 'client' | 'server' = status !== undefined && status >= 500 ? 'server' : 'client',
) =>
  new DynamoDBServiceException({
    name,
    $fault: fault,
    message: name,
    $metadata: status === undefined ? {} : { httpStatusCode: status },
  });

const outcome = async (err: unknown) => {
  try {
    await call('putFrames', 'frames', undefined, () => Promise.reject(err));
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
};

describe('call: SDK failures classified by the SDK, surfaced by type', () => {
  it.each([
    ['throttling (400)', sdkError('ThrottlingException', 400)],
    ['provisioned throughput exceeded (400)', sdkError('ProvisionedThroughputExceededException', 400)],
    ['server error (500)', sdkError('InternalServerError', 500)],
    ['service unavailable (503)', sdkError('ServiceUnavailable', 503)],
    [
      'no answer at all (connection refused)',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4567'), { code: 'ECONNREFUSED' }),
    ],
  ])('%s → StoreUnavailableError, retryable', async (_what, err) => {
    const e = await outcome(err);
    expect(e).toBeInstanceOf(StoreUnavailableError);
    expect((e as StoreError).retryable).toBe(true);
  });

  it('a request the service rejected (validation, 400) → StoreError, not retryable', async () => {
    const e = await outcome(sdkError('ValidationException', 400));
    expect(e).toBeInstanceOf(StoreError);
    expect(e).not.toBeInstanceOf(StoreUnavailableError);
    expect((e as StoreError).retryable).toBe(false);
  });
});
