import { describe, expect, it } from 'vitest';
import { IDLE, interruptAppearance, stepAppearance, type OpenAppearance } from '../../src/appearance';
import { EventError } from '../../src/errors';
import { checkParseEvent, prekogEventFor, prekogIdempotencyKey } from '../../src/events';

const OPTS = { channel: 'demo', label: 'Cat', exitSamples: 2, maxClipSeconds: 120 };
const ROLL = { preRollSeconds: 0, postRollSeconds: 1, maxClipSeconds: 120 };

describe('prekog events', () => {
  const open = stepAppearance(
    IDLE,
    { frame: { mediaSequence: 4, index: 12 }, time: 1000, isCut: true, matched: true, confidence: 91 },
    OPTS,
  ).state as OpenAppearance;

  it('builds the opened event with a stable idempotency key', () => {
    const event = prekogEventFor(open, ROLL);
    expect(event).toEqual({
      version: 1,
      kind: 'opened',
      idempotencyKey: prekogIdempotencyKey(open.id, 'opened'),
      channel: 'demo',
      label: 'Cat',
      appearanceId: open.id,
      preRollSeconds: 0,
      postRollSeconds: 1,
      maxClipSeconds: 120,
      firstMatch: { frame: { mediaSequence: 4, index: 12 }, time: 1000 },
      lastMatch: { frame: { mediaSequence: 4, index: 12 }, time: 1000 },
      detectorCalls: 1,
      maxConfidence: 91,
    });
    expect(prekogEventFor(open, ROLL).idempotencyKey).toBe(event.idempotencyKey);
  });

  it('names the timeline epoch of the appearance when it is not the first (so prekog cuts from that epoch)', () => {
    expect(prekogEventFor(open, ROLL, 2)).toMatchObject({ epoch: 2 });
    expect(prekogEventFor(open, ROLL, 0)).not.toHaveProperty('epoch');
  });

  it('gives open and close of one appearance different keys, and different appearances different keys', () => {
    const closed = interruptAppearance(open, 'gap').events[0]!.appearance;
    const event = prekogEventFor(closed, ROLL);
    expect(event.kind).toBe('closed');
    expect(event.closeReason).toBe('gap');
    expect(event.idempotencyKey).not.toBe(prekogIdempotencyKey(open.id, 'opened'));
    expect(prekogIdempotencyKey('a-1', 'closed')).not.toBe(prekogIdempotencyKey('a-2', 'closed'));
    expect(event.idempotencyKey).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('checkParseEvent', () => {
  it('accepts a scheduled event, its channel, {} and nothing', () => {
    expect(checkParseEvent({ 'detail-type': 'Scheduled Event', source: 'aws.events' }, 'demo')).toMatchObject({
      source: 'aws.events',
    });
    expect(checkParseEvent({ channelId: 'demo' }, 'demo')).toEqual({ channelId: 'demo' });
    expect(checkParseEvent({}, 'demo')).toEqual({});
    expect(checkParseEvent(undefined, 'demo')).toEqual({});
  });
  it.each([['text'], [[1]], [42]])('rejects %j', (event) => {
    expect(() => checkParseEvent(event, 'demo')).toThrow(EventError);
  });
  it('refuses an event for another channel', () => {
    expect(() => checkParseEvent({ channelId: 'other' }, 'demo')).toThrow(
      /for channel "other" but this function is configured for "demo"/,
    );
  });
});
