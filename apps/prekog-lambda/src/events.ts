/**
 * The event prekog-lambda accepts: what parse-lambda sends on appearance open and close
 * (version 1; parse-lambda's `events.ts` builds it). Validated field by field, since an async
 * invoke that is retried or hand-written must fail with a message that names the field.
 */
import { EventError } from './errors';
import type { AppearanceCloseReason, AppearanceNotice, NoticeSamplePoint } from '@catfinder/store';

export type SamplePoint = NoticeSamplePoint;
export type CloseReason = AppearanceCloseReason;
/** What parse-lambda sends: libs/store's version-1 appearance notice. */
export type PrekogEvent = AppearanceNotice;

const REASONS: readonly CloseReason[] = ['exit-samples', 'cut', 'max-length', 'gap', 'reset', 'ended'];

function obj(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new EventError(field, 'must be an object');
  return value as Record<string, unknown>;
}
function str(o: Record<string, unknown>, field: string): string {
  const v = o[field];
  if (typeof v !== 'string' || v === '') throw new EventError(field, 'must be a non-empty string');
  return v;
}
function num(
  o: Record<string, unknown>,
  field: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
  integer = false,
): number {
  const v = o[field];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw new EventError(
      field,
      `must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}
function point(value: unknown, field: string): SamplePoint {
  const o = obj(value, field);
  const f = obj(o['frame'], `${field}.frame`);
  return {
    frame: {
      mediaSequence: num(f, 'mediaSequence', 0, Number.MAX_SAFE_INTEGER, true),
      index: num(f, 'index', 0, 1_000_000, true),
    },
    time: num(o, 'time', 0),
  };
}

/** Parses an invoke payload (object or JSON string) into a PrekogEvent or throws EventError. */
export function parsePrekogEvent(payload: unknown): PrekogEvent {
  const o = obj(typeof payload === 'string' ? safeJson(payload) : payload, 'event');
  if (o['version'] !== 1) throw new EventError('version', `must be 1, got ${JSON.stringify(o['version'])}`);
  const kind = o['kind'];
  if (kind !== 'opened' && kind !== 'closed')
    throw new EventError('kind', `must be "opened" or "closed", got ${JSON.stringify(kind)}`);
  const closeReason = o['closeReason'];
  if (closeReason !== undefined && !REASONS.includes(closeReason as CloseReason)) {
    throw new EventError('closeReason', `must be one of ${REASONS.join(', ')}`);
  }
  const event: PrekogEvent = {
    version: 1,
    kind,
    idempotencyKey: str(o, 'idempotencyKey'),
    channel: str(o, 'channel'),
    label: str(o, 'label'),
    appearanceId: str(o, 'appearanceId'),
    preRollSeconds: num(o, 'preRollSeconds', 0, 60),
    postRollSeconds: num(o, 'postRollSeconds', 0, 60),
    maxClipSeconds: num(o, 'maxClipSeconds', 1, 3600),
    firstMatch: point(o['firstMatch'], 'firstMatch'),
    lastMatch: point(o['lastMatch'], 'lastMatch'),
    ...(o['closedBy'] === undefined ? {} : { closedBy: point(o['closedBy'], 'closedBy') }),
    ...(closeReason === undefined ? {} : { closeReason: closeReason as CloseReason }),
    detectorCalls: num(o, 'detectorCalls', 0, Number.MAX_SAFE_INTEGER, true),
    maxConfidence: num(o, 'maxConfidence', 0, 100),
    ...(o['epoch'] === undefined ? {} : { epoch: num(o, 'epoch', 0, Number.MAX_SAFE_INTEGER, true) }),
  };
  if (event.lastMatch.time < event.firstMatch.time) throw new EventError('lastMatch', 'is before firstMatch');
  return event;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EventError('event', 'is not valid JSON', { cause: error });
  }
}
