import { describe, expect, it } from 'vitest';
import { EventError } from '../../src/errors';
import { parsePrekogEvent } from '../../src/events';

/** A payload exactly as parse-lambda sends it (pinned here: the apps cannot import each other). */
const FROM_PARSE = {
  version: 1,
  kind: 'closed',
  idempotencyKey: '0f3c7a1b2d4e5f60718293a4b5c6d7e8',
  channel: 'demo',
  label: 'Cat',
  appearanceId: 'demo-cat-1700000002500',
  preRollSeconds: 0,
  postRollSeconds: 0,
  maxClipSeconds: 120,
  firstMatch: { frame: { mediaSequence: 101, index: 15 }, time: 1700000002500 },
  lastMatch: { frame: { mediaSequence: 103, index: 0 }, time: 1700000006000 },
  closedBy: { frame: { mediaSequence: 103, index: 45 }, time: 1700000007500 },
  closeReason: 'cut',
  detectorCalls: 5,
  maxConfidence: 88.5,
};

describe('parsePrekogEvent', () => {
  it('accepts the payload parse-lambda sends, as an object or as JSON text', () => {
    expect(parsePrekogEvent(FROM_PARSE)).toEqual(FROM_PARSE);
    expect(parsePrekogEvent(JSON.stringify(FROM_PARSE))).toEqual(FROM_PARSE);
  });

  it("accepts an appearance the playlist's end closed (closeReason ended, no closing sample)", () => {
    const { closedBy: _c, ...ended } = { ...FROM_PARSE, closeReason: 'ended' };
    expect(parsePrekogEvent(ended)).toEqual(ended);
  });

  it('accepts the timeline epoch of the appearance, and rejects a bad one naming the field', () => {
    expect(parsePrekogEvent({ ...FROM_PARSE, epoch: 3 }).epoch).toBe(3);
    expect(parsePrekogEvent(FROM_PARSE)).not.toHaveProperty('epoch');
    expect(() => parsePrekogEvent({ ...FROM_PARSE, epoch: -1 })).toThrow(/epoch/);
    expect(() => parsePrekogEvent({ ...FROM_PARSE, epoch: 1.5 })).toThrow(/epoch/);
  });

  it('accepts an opened event without close fields', () => {
    const { closedBy: _c, closeReason: _r, ...opened } = FROM_PARSE;
    expect(parsePrekogEvent({ ...opened, kind: 'opened' }).kind).toBe('opened');
  });

  it.each([
    ['version', 2, /version must be 1/],
    ['kind', 'done', /kind must be "opened" or "closed"/],
    ['channel', '', /channel must be a non-empty string/],
    ['appearanceId', 7, /appearanceId must be a non-empty string/],
    ['preRollSeconds', -1, /preRollSeconds must be a number from 0 to 60/],
    ['maxClipSeconds', 0, /maxClipSeconds must be a number from 1/],
    ['detectorCalls', 1.5, /detectorCalls must be an integer/],
    ['closeReason', 'bored', /closeReason must be one of/],
    ['firstMatch', { frame: { mediaSequence: -1, index: 0 }, time: 1 }, /mediaSequence must be an integer from 0/],
    ['lastMatch', { frame: { mediaSequence: 1, index: 0 }, time: 1 }, /lastMatch is before firstMatch/],
    ['closedBy', 'x', /closedBy must be an object/],
  ])('names the bad field %s', (field, value, message) => {
    expect(() => parsePrekogEvent({ ...FROM_PARSE, [field]: value })).toThrow(EventError);
    expect(() => parsePrekogEvent({ ...FROM_PARSE, [field]: value })).toThrow(message);
  });

  it('rejects non-objects and broken JSON', () => {
    expect(() => parsePrekogEvent('{nope')).toThrow(/not valid JSON/);
    expect(() => parsePrekogEvent([FROM_PARSE])).toThrow(/event must be an object/);
    expect(() => parsePrekogEvent(null)).toThrow(/event must be an object/);
  });
});
