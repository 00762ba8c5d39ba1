/**
 * The Delta API key read from an SSM SecureString (DELTA_API_KEY_PARAMETER) instead of an
 * environment variable: only the function whose role may read that one parameter (prekog) ever
 * holds the key, and rotating it needs no redeploy. Read on first use, kept for `ttlMs`.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DeltaLibError } from '../errors';

/** Reads the key when a request needs it (see DeltaClientOptions.apiKey). */
export type ApiKeyProvider = () => Promise<string>;

/** Options of {@link ssmParameterApiKey}. */
export interface SsmApiKeyOptions {
  /** An SSM client (tests pass a stand-in answering GetParameter). @default a new SSMClient with bounded retries and timeouts */
  readonly client?: Pick<SSMClient, 'send'>;
  /** How long a read key is reused before it is read again (rotation). @default 300000 */
  readonly ttlMs?: number;
  /** Clock, for tests. @default Date.now */
  readonly now?: () => number;
}

/** The parameter could not be read, or holds no value. */
export class DeltaApiKeyError extends DeltaLibError {
  readonly parameterName: string;
  readonly #retryable: boolean;
  constructor(parameterName: string, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(
      `Delta API key parameter ${parameterName}: ${message}`,
      options.cause === undefined ? {} : { cause: options.cause },
    );
    this.name = 'DeltaApiKeyError';
    this.parameterName = parameterName;
    this.#retryable = options.retryable ?? false;
  }

  /** An SSM throttle or timeout may pass; a missing or empty parameter will not. */
  override get retryable(): boolean {
    return this.#retryable;
  }
}

const DEFAULT_TTL_MS = 300_000;
const SSM_TIMEOUT_MS = 5_000;

export function ssmParameterApiKey(parameterName: string, options: SsmApiKeyOptions = {}): ApiKeyProvider {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const now = options.now ?? Date.now;
  let client = options.client;
  let cached: { value: string; at: number } | undefined;
  let reading: Promise<string> | undefined;
  const read = async (): Promise<string> => {
    client ??= new SSMClient({
      maxAttempts: 3,
      requestHandler: { requestTimeout: SSM_TIMEOUT_MS, connectionTimeout: SSM_TIMEOUT_MS },
    });
    let value: string | undefined;
    try {
      const out = await client.send(new GetParameterCommand({ Name: parameterName, WithDecryption: true }));
      value = out.Parameter?.Value;
    } catch (cause) {
      const status = (cause as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      throw new DeltaApiKeyError(parameterName, `cannot be read (${(cause as Error).message})`, {
        cause,
        retryable: status === undefined || status >= 500,
      });
    }
    if (!value) throw new DeltaApiKeyError(parameterName, 'holds no value');
    cached = { value, at: now() };
    return value;
  };
  return async () => {
    if (cached && now() - cached.at < ttlMs) return cached.value;
    reading ??= read().finally(() => {
      reading = undefined;
    });
    return reading;
  };
}
