/**
 * SDK clients with a timeout on every request and bounded retries (standard mode: exponential
 * backoff with full jitter on throttling, 5xx and connection errors). Endpoints come from the
 * standard AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_S3 variables, which the SDK reads itself;
 * nothing here branches on "local".
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REGION,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from './constants';

/** Options shared by the client factories. */
export interface ClientOptions {
  /** AWS region. @default AWS_REGION, else AWS_DEFAULT_REGION, else `us-east-1` */
  readonly region?: string;
  /** Endpoint override; normally leave unset and let AWS_ENDPOINT_URL_<SERVICE> apply. @default undefined */
  readonly endpoint?: string;
  /** Per-attempt response timeout in ms. @default 5000 */
  readonly requestTimeoutMs?: number;
  /** Per-attempt connection timeout in ms. @default 2000 */
  readonly connectionTimeoutMs?: number;
  /** Total attempts per call (first try + retries). @default 4 */
  readonly maxAttempts?: number;
  /** Explicit credentials (tests); normally the default provider chain. @default undefined */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Maximum sockets kept per host. @default 64 */
  readonly maxSockets?: number;
}

function common(options: ClientOptions) {
  const maxSockets = options.maxSockets ?? 64;
  return {
    region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? DEFAULT_REGION,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: { ...options.credentials } }),
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: 'standard',
    requestHandler: new NodeHttpHandler({
      connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
    }),
  } as const;
}

/** A DynamoDB document client (plain JS values, `undefined` fields dropped). */
export function createDynamoClient(options: ClientOptions = {}): DynamoDBDocumentClient {
  const client = new DynamoDBClient(common(options));
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** The warning the SDK prints when an attempt of a streamed upload fails (it never retries one). */
export const SDK_STREAMING_RETRY_WARNING = 'An error was encountered in a non-retryable streaming request.';

/**
 * The SDK logger for S3, as quiet as the SDK's default (a no-op logger): the SDK's logger middleware
 * would log every call's input with `info` and every failed call (an expected 404 included) with
 * `error`, and the store reports its own failures. Warnings still reach the console, as the
 * default's do (the SDK sends them to `console` when its logger is the no-op one), except
 * {@link SDK_STREAMING_RETRY_WARNING}: `ObjectStore.put` retries a streamed file itself with a
 * fresh stream, so that failed attempt is not the caller's concern.
 */
const s3Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (...content: unknown[]) => {
    if (content[0] !== SDK_STREAMING_RETRY_WARNING) console.warn(...content);
  },
  error: () => undefined,
};

/** An S3 client; path-style addressing whenever an endpoint is set (local stand-ins). */
export function createS3Client(options: ClientOptions = {}): S3Client {
  const endpointSet =
    options.endpoint !== undefined || (process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL ?? '') !== '';
  // Checksums only when an operation requires them: the default (aws-chunked bodies with trailing
  // checksums) is not understood by S3-compatible stand-ins, which would store the chunk framing.
  return new S3Client({
    ...common(options),
    forcePathStyle: endpointSet,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    logger: s3Logger,
  });
}
