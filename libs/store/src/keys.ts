/**
 * Validated ids and the S3 object key layout (CONTRACTS.md). Keys are built only from values that
 * passed these checks, so no key can contain `..`, start with `/`, or carry control characters.
 */
import { InvalidIdError } from './errors';

// Channel, clip and appearance ids: URL- and key-safe, no dots at the start (so never `.` / `..`).
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
// Rekognition label names contain spaces, hyphens, apostrophes ("Sports Car", "T-Shirt").
const LABEL_RE = /^[\p{L}\p{N}](?:[\p{L}\p{N} _'&()-]{0,98}[\p{L}\p{N})])?$/u;
const EXT_RE = /^[a-z0-9]{1,8}$/;

/** Checks a channel / clip / appearance id; returns it or throws `InvalidIdError`. */
export function validateId(kind: string, value: unknown): string {
  if (typeof value !== 'string') throw new InvalidIdError(kind, value, 'expected a string');
  if (!ID_RE.test(value))
    throw new InvalidIdError(
      kind,
      value,
      'expected 1-128 of A-Z a-z 0-9 _ - starting with a letter or digit (no dots, slashes, spaces or control characters)',
    );
  return value;
}

/** Checks a channel id. */
export const validateChannel = (value: unknown): string => validateId('channel', value);

/** Checks a label name such as `Cat` or `Sports Car`; returns it or throws `InvalidIdError`. */
export function validateLabel(value: unknown): string {
  if (typeof value !== 'string') throw new InvalidIdError('label', value, 'expected a string');
  if (!LABEL_RE.test(value))
    throw new InvalidIdError(
      'label',
      value,
      "expected 1-100 letters, digits, spaces or _ ' & ( ) - starting with a letter or digit (no slashes, dots or control characters)",
    );
  return value;
}

/** Checks a non-negative safe integer (media sequence, frame index). */
export function validateIndex(kind: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new InvalidIdError(kind, value, 'expected a non-negative integer');
  return value;
}

/** Checks a file extension such as `ts`, `m4s`, `mp4` (without the dot). */
export function validateExtension(value: unknown): string {
  if (typeof value !== 'string' || !EXT_RE.test(value))
    throw new InvalidIdError('extension', value, 'expected 1-8 of a-z 0-9, without the dot');
  return value;
}

/** Checks an absolute time in epoch milliseconds. */
export function validateTimeMs(kind: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > 9_999_999_999_999)
    throw new InvalidIdError(kind, value, 'expected epoch milliseconds (non-negative integer)');
  return value;
}

/** Key of the labels feed. */
export const LABELS_FEED_KEY = 'feeds/labels.json';
/** Key of the clips feed. */
export const CLIPS_FEED_KEY = 'feeds/clips.json';

/** `feeds/labels/<Label>.json` (the label is validated; URLs to it must percent-encode spaces). */
export function labelFeedKey(label: string): string {
  return `feeds/labels/${validateLabel(label)}.json`;
}

/**
 * `samples/<channel>/<mediaSequence>/<frameIndex>.jpg` (timeline epoch 0) or
 * `samples/<channel>/e<epoch>/<mediaSequence>/<frameIndex>.jpg` — sample JPEG (derived: expires).
 * The epoch is part of a segment's identity: a later timeline that reuses a sequence number never
 * overwrites an earlier one's samples.
 */
export function sampleImageKey(channel: string, mediaSequence: number, frameIndex: number, epoch = 0): string {
  return `samples/${validateChannel(channel)}/${epochPart(epoch)}${validateIndex('mediaSequence', mediaSequence)}/${validateIndex('frameIndex', frameIndex)}.jpg`;
}

/**
 * `segments/<channel>/<mediaSequence>.<ext>` (timeline epoch 0) or
 * `segments/<channel>/e<epoch>/<mediaSequence>.<ext>` — archived raw segment (derived: expires).
 * Keyed by (channel, epoch, sequence) like the segment itself, so an encoder restart that reuses
 * sequence numbers never overwrites the earlier timeline's archive (a clip of it may still be cut).
 */
export function segmentArchiveKey(channel: string, mediaSequence: number, ext: string, epoch = 0): string {
  return `segments/${validateChannel(channel)}/${epochPart(epoch)}${validateIndex('mediaSequence', mediaSequence)}.${validateExtension(ext)}`;
}

/** Epoch 0 keeps the keys of before epochs existed (what is stored stays readable). */
function epochPart(epoch: number): string {
  return epoch === 0 ? '' : `e${validateIndex('epoch', epoch)}/`;
}

/** `segments/<channel>/init/<initId>.<ext>` — archived init section (EXT-X-MAP), e.g. initId `d3-0`. */
export function initSectionKey(channel: string, initId: string, ext: string): string {
  return `segments/${validateChannel(channel)}/init/${validateId('initId', initId)}.${validateExtension(ext)}`;
}

/** Keys of one clip's objects (kept; long cache). */
export interface ClipKeys {
  readonly mp4: string;
  readonly poster: string;
  readonly hls: string;
}

/** `clips/<channel>/<clipId>.mp4|.jpg|.m3u8`. */
export function clipKeys(channel: string, clipId: string): ClipKeys {
  const base = `clips/${validateChannel(channel)}/${validateId('clipId', clipId)}`;
  return { mp4: `${base}.mp4`, poster: `${base}.jpg`, hls: `${base}.m3u8` };
}

/**
 * Checks an object key built elsewhere (e.g. the dashboard's `assets/…`): relative, no `..`
 * segment, no empty segment, no backslash, no control characters.
 */
export function validateObjectKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 1024)
    throw new InvalidIdError('object key', key, 'expected 1-1024 characters');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(key))
    throw new InvalidIdError('object key', key, 'contains a control character or backslash');
  if (key.startsWith('/')) throw new InvalidIdError('object key', key, 'must be relative (no leading /)');
  if (key.split('/').some((part) => part === '' || part === '.' || part === '..'))
    throw new InvalidIdError('object key', key, 'has an empty, "." or ".." path segment');
  return key;
}

/** Content-Type for a key, from its extension. */
export function contentTypeFor(key: string): string {
  const ext = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

const CONTENT_TYPES: Record<string, string> = {
  json: 'application/json',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
  webp: 'image/webp',
  mp4: 'video/mp4',
  m4s: 'video/iso.segment',
  ts: 'video/mp2t',
  aac: 'audio/aac',
  m3u8: 'application/vnd.apple.mpegurl',
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  map: 'application/json',
  txt: 'text/plain; charset=utf-8',
  woff2: 'font/woff2',
  vtt: 'text/vtt',
};
