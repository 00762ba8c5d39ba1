/**
 * Turns a clip request into a plan: the deterministic clip id, the bound times and frame labels,
 * and — if the bounds themselves are unusable — the reason the clip must be recorded `failed`.
 * Malformed requests (ids that cannot be stored, non-numeric frames) throw ClipRequestError,
 * because no record can safely be keyed on them.
 */
import { createHash } from 'node:crypto';
import { frameLabel, validateChannel, validateId, validateIndex, validateLabel } from '@catfinder/store';
import { CLIP_ID_HEX_LENGTH } from './constants';
import { ClipRequestError } from './errors';
import type { ClipCut, ClipRequest } from './types';

export interface ClipPlan {
  id: string;
  channel: string;
  label: string;
  startMs: number;
  endMs: number;
  start: string;
  end: string;
  startFrame: string;
  endFrame: string;
  /** Frames the bounds span, from their times and the frame rate. */
  expectedFrameCount: number;
  /** Seconds the clip lasts: frame count / frame rate. */
  expectedDurationSeconds: number;
  cuts: ClipCut[];
  /** Set when the bounds cannot give a clip; the clip is then recorded `failed` with it. */
  problem?: string;
}

/**
 * Same channel, label, timeline epoch and bound frames → same id (sha256, hex-truncated). Epoch 0
 * keeps the ids of before epochs existed; a later epoch's clip at reused sequence numbers is another clip.
 */
export function clipIdFor(
  request: Pick<ClipRequest, 'channel' | 'label' | 'startFrame' | 'endFrame' | 'epoch'>,
): string {
  const key = [
    request.channel,
    request.label,
    `${request.startFrame.mediaSequence}:${request.startFrame.index}`,
    `${request.endFrame.mediaSequence}:${request.endFrame.index}`,
    ...(request.epoch ? [`epoch:${request.epoch}`] : []),
  ].join('\n');
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, CLIP_ID_HEX_LENGTH);
}

function wrap<T>(field: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new ClipRequestError(field, (error as Error).message, { cause: error });
  }
}

function parseTime(field: string, value: unknown): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms))
    throw new ClipRequestError(field, `expected an ISO 8601 time, got ${JSON.stringify(value)}`);
  return ms;
}

export function planClip(request: ClipRequest, maxClipSeconds: number): ClipPlan {
  const channel = wrap('channel', () => validateChannel(request.channel));
  const label = wrap('label', () => validateLabel(request.label));
  if (request.appearanceId !== undefined) wrap('appearanceId', () => validateId('appearanceId', request.appearanceId));
  for (const side of ['startFrame', 'endFrame'] as const) {
    const frame = request[side] as ClipRequest['startFrame'] | undefined;
    if (!frame || typeof frame !== 'object') throw new ClipRequestError(side, 'missing');
    wrap(`${side}.mediaSequence`, () => validateIndex('mediaSequence', frame.mediaSequence));
    wrap(`${side}.index`, () => validateIndex('index', frame.index));
  }
  const { frameRate } = request;
  if (typeof frameRate !== 'number' || !Number.isFinite(frameRate) || frameRate <= 0 || frameRate > 300) {
    throw new ClipRequestError('frameRate', `expected frames per second in (0, 300], got ${JSON.stringify(frameRate)}`);
  }
  const startMs = parseTime('startFrame.time', request.startFrame.time);
  const endMs = parseTime('endFrame.time', request.endFrame.time);

  const frameCount = Math.round(((endMs - startMs) * frameRate) / 1000) + 1;
  const plan: ClipPlan = {
    id: clipIdFor(request),
    channel,
    label,
    startMs,
    endMs,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    startFrame: frameLabel(startMs, frameRate),
    endFrame: frameLabel(endMs, frameRate),
    expectedFrameCount: Math.max(0, frameCount),
    expectedDurationSeconds: Math.max(0, frameCount) / frameRate,
    cuts: request.cuts ?? [],
  };

  const { startFrame: s, endFrame: e } = request;
  const reversed =
    e.mediaSequence < s.mediaSequence || (e.mediaSequence === s.mediaSequence && e.index < s.index) || endMs < startMs;
  if (reversed) {
    plan.problem = `end before start: end frame ${e.mediaSequence}/${e.index} (${plan.end}) precedes start frame ${s.mediaSequence}/${s.index} (${plan.start})`;
  } else if (plan.expectedDurationSeconds > maxClipSeconds) {
    plan.problem = `clip too long: ${plan.expectedDurationSeconds.toFixed(3)} s exceeds maxClipSeconds ${maxClipSeconds}`;
  }
  return plan;
}
