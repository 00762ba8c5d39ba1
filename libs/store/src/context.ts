/** What every repository shares: clients, names, clock, TTL; plus the one SDK-call wrapper. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { TableNames } from './config';
import { InvalidIdError, StoreError, StoreUnavailableError } from './errors';

export interface StoreContext {
  readonly ddb: DynamoDBDocumentClient;
  readonly s3: S3Client;
  readonly tables: TableNames;
  readonly bucket: string;
  /** Hours until derived items expire. */
  readonly ttlHours: number;
  /** Clock in epoch ms (injectable for lease tests). */
  now(): number;
}

/** One page of a query. `next` is an opaque cursor for the following page (same direction). */
export interface Page<T> {
  readonly items: T[];
  readonly next?: string;
}

/** Paging options shared by every list/range query. */
export interface PageOptions {
  /** Items per page. @default 100 */
  readonly limit?: number;
  /** Cursor from a previous page's `next`. @default undefined (first page) */
  readonly cursor?: string;
  /** `forward` = oldest first, `backward` = newest first. Defaults differ per query (documented on each). */
  readonly direction?: 'forward' | 'backward';
}

const errName = (err: unknown): string =>
  err instanceof Error
    ? err.name
    : typeof err === 'object' && err !== null && 'name' in err
      ? String((err as { name: unknown }).name)
      : '';

/**
 * The SDK's own classification (the one its retry strategy uses): throttling, transient
 * (timeouts, connection resets) and server (5xx) errors may pass; so does a call that got no
 * HTTP answer at all (connection refused, DNS).
 */
export function mayPass(err: unknown): boolean {
  const sdk = err as Parameters<typeof isServerError>[0];
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === undefined || isThrottlingError(sdk) || isTransientError(sdk) || isServerError(sdk);
}

/** True for DynamoDB's conditional-check failure (a result, never surfaced as an error). */
export function isConditionalFailure(err: unknown): boolean {
  return err instanceof ConditionalCheckFailedException;
}

/**
 * Runs one SDK call (the SDK already applied its timeout and bounded, jittered retries) and turns
 * failures into StoreUnavailableError (transient: network, timeout, 5xx, throttling — the call
 * may or may not have been applied) or StoreError (the request itself was wrong).
 */
export async function call<T>(
  operation: string,
  resource: string,
  key: string | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isConditionalFailure(err)) throw err;
    const name = errName(err);
    const message = err instanceof Error ? err.message : String(err);
    const where = `${operation} on ${resource}${key === undefined ? '' : ` (${key})`}`;
    if (mayPass(err)) {
      throw new StoreUnavailableError(`${where} failed after retries: ${name || 'Error'}: ${message}`, {
        resource,
        operation,
        key,
        cause: err,
      });
    }
    throw new StoreError(`${where} was rejected: ${name || 'Error'}: ${message}`, {
      resource,
      operation,
      key,
      cause: err,
    });
  }
}

/** Epoch seconds at which a derived item written now expires. */
export function expiresAt(ctx: StoreContext): number {
  return Math.floor(ctx.now() / 1000 + ctx.ttlHours * 3600);
}

/** Zero-padded decimal so strings sort like numbers. */
export function pad(n: number, width: number): string {
  return String(Math.trunc(n)).padStart(width, '0');
}

/** Encodes a LastEvaluatedKey as an opaque URL-safe cursor. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key === undefined ? undefined : Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Decodes a cursor; rejects anything that is not one of ours. */
export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.values(value).every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return value as Record<string, unknown>;
    }
  } catch {
    // fall through
  }
  throw new InvalidIdError('cursor', cursor, 'not a cursor returned by a previous page');
}

/** Checks a page limit. */
export function pageLimit(limit: number | undefined, fallback: number): number {
  const value = limit ?? fallback;
  if (!Number.isSafeInteger(value) || value < 1 || value > 1000)
    throw new InvalidIdError('limit', value, 'expected an integer 1..1000');
  return value;
}

/** Parses a JSON attribute stored as a string (we store free-form data as JSON strings). */
export function parseJson<T>(value: unknown): T | undefined {
  return typeof value === 'string' ? (JSON.parse(value) as T) : undefined;
}
