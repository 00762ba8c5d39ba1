/**
 * Lambda events of parse-lambda: what starts it (an EventBridge schedule, or `{}` from a person
 * or the local scheduler) and what it sends to prekog-lambda. The payload's type is libs/store's
 * `AppearanceNotice` (apps cannot import each other); prekog-lambda validates it field by field.
 */
import { createHash } from 'node:crypto';
import type { ClosedAppearance, OpenAppearance } from './appearance';
import { EventError } from './errors';
import type { AppearanceNotice } from '@catfinder/store';

/** EventBridge "Scheduled Event" (only the fields read here). */
export interface ScheduledEvent {
  readonly 'detail-type'?: string;
  readonly source?: string;
  readonly time?: string;
  readonly id?: string;
}

/** What parse accepts: a scheduled event (optionally naming its channel) or `{}`. */
export type ParseEvent = ScheduledEvent & { readonly channelId?: string };

/** The parts of the Lambda context this app uses. */
export interface LambdaContextLike {
  getRemainingTimeInMillis(): number;
  readonly awsRequestId?: string;
  readonly functionName?: string;
}

/** Payload of the asynchronous invoke of prekog-lambda: libs/store's version-1 appearance notice. */
export type PrekogEvent = AppearanceNotice;

/** sha-256 of appearance id and kind: stable across retries, distinct for open and close. */
export function prekogIdempotencyKey(appearanceId: string, kind: PrekogEvent['kind']): string {
  return createHash('sha256').update(`${appearanceId}\u0000${kind}`).digest('hex').slice(0, 32);
}

export function prekogEventFor(
  appearance: OpenAppearance | ClosedAppearance,
  roll: { preRollSeconds: number; postRollSeconds: number; maxClipSeconds: number },
  epoch = 0,
): PrekogEvent {
  const kind = appearance.status === 'open' ? 'opened' : 'closed';
  return {
    version: 1,
    kind,
    idempotencyKey: prekogIdempotencyKey(appearance.id, kind),
    channel: appearance.channel,
    label: appearance.label,
    appearanceId: appearance.id,
    ...roll,
    firstMatch: appearance.firstMatch,
    lastMatch: appearance.lastMatch,
    ...(appearance.status === 'closed'
      ? { closeReason: appearance.reason, ...(appearance.closedBy ? { closedBy: appearance.closedBy } : {}) }
      : {}),
    detectorCalls: appearance.detectorCalls,
    maxConfidence: appearance.maxConfidence,
    ...(epoch > 0 ? { epoch } : {}),
  };
}

/**
 * Accepts a scheduled event (apps/infra sends `{ channelId }` as the target input), an empty
 * object or nothing; a `channelId` naming another channel is refused, since this function's
 * configuration is for one channel.
 */
export function checkParseEvent(event: unknown, channelId: string): ParseEvent {
  if (event === undefined || event === null) return {};
  if (typeof event !== 'object' || Array.isArray(event)) {
    throw new EventError(
      `parse-lambda expects an EventBridge scheduled event or {}, got ${Array.isArray(event) ? 'an array' : typeof event}`,
    );
  }
  const requested = (event as { channelId?: unknown }).channelId;
  if (requested !== undefined && requested !== channelId) {
    throw new EventError(
      `event is for channel ${JSON.stringify(requested)} but this function is configured for ${JSON.stringify(channelId)}`,
    );
  }
  return event as ParseEvent;
}
