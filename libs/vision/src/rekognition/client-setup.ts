/**
 * What both Rekognition adapters (labels, faces) share: a client whose SDK retries are off — the
 * adapter owns the bounded retry policy, so attempts stay countable — and that policy's defaults.
 */
import { RekognitionClient, type RekognitionClientConfig } from '@aws-sdk/client-rekognition';
import {
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from '../constants';
import type { RetryPolicy } from './retry';

export interface RekognitionCallOptions {
  /** An existing client (its own settings are kept), or a config for a new one. */
  client?: RekognitionClient;
  clientConfig?: RekognitionClientConfig;
  /** @default 5 */
  maxAttempts?: number;
  /** @default 200 */
  baseDelayMs?: number;
  /** @default 5000 */
  maxDelayMs?: number;
  /** @default 10000 */
  requestTimeoutMs?: number;
  /** @default Math.random */
  random?: () => number;
}

/** The client (SDK retries off, even if `clientConfig` asks for them) and the adapter's retry policy. */
export function rekognitionClientAndPolicy(options: RekognitionCallOptions): {
  client: RekognitionClient;
  policy: RetryPolicy;
} {
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const client =
    options.client ??
    new RekognitionClient({
      requestHandler: { requestTimeout: timeoutMs, connectionTimeout: timeoutMs },
      ...options.clientConfig,
      maxAttempts: 1,
    });
  const policy: RetryPolicy = {
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    baseDelayMs: options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
    random: options.random ?? Math.random,
  };
  return { client, policy };
}
