/**
 * Pure parsers for the three feeds. They never throw: an unusable envelope is `ok: false`;
 * a malformed entry is dropped and reported in `warnings`.
 */
import { FEED_VERSION } from '../constants';
import type {
  Appearance,
  AppearanceSample,
  Clip,
  ClipCut,
  ClipsFeed,
  ClipStatus,
  LabelFeed,
  LabelsFeed,
  LabelSummary,
  ParseResult,
} from '../types';
import { FieldReader, isRecord } from './fields';

const CLIP_STATUSES: readonly ClipStatus[] = ['pending', 'cutting', 'ready', 'failed'];
const CUT_SHORT_BY: readonly NonNullable<Clip['cutShortBy']>[] = ['gap', 'reset'];

interface Envelope {
  generatedAt: string;
  entries: unknown[];
  record: Record<string, unknown>;
}

export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, problem: `not valid JSON (${(error as Error).message})` };
  }
}

export function readEnvelope(
  input: unknown,
  listKey: string,
): { ok: true; env: Envelope } | { ok: false; problem: string } {
  const parsed = typeof input === 'string' ? parseJsonText(input) : { ok: true as const, value: input };
  if (!parsed.ok) return parsed;
  const doc = parsed.value;
  if (!isRecord(doc)) return { ok: false, problem: 'not a JSON object' };
  if (doc.version !== FEED_VERSION) {
    return { ok: false, problem: `unsupported version ${JSON.stringify(doc.version)} (expected ${FEED_VERSION})` };
  }
  const reader = new FieldReader(doc, 'feed');
  const generatedAt = reader.isoTime('generatedAt');
  const entries = reader.array(listKey);
  if (generatedAt === undefined || entries === undefined) return { ok: false, problem: reader.problems.join('; ') };
  return { ok: true, env: { generatedAt, entries, record: doc } };
}

/** Parses each entry; entries with problems are dropped and their problems become warnings. */
export function parseEntries<T>(
  entries: unknown[],
  listKey: string,
  parseOne: (reader: FieldReader, record: Record<string, unknown>, path: string) => T,
): { values: T[]; warnings: string[] } {
  const values: T[] = [];
  const warnings: string[] = [];
  entries.forEach((entry, index) => {
    const path = `${listKey}[${index}]`;
    if (!isRecord(entry)) {
      warnings.push(`${path} is not an object`);
      return;
    }
    const reader = new FieldReader(entry, path);
    const value = parseOne(reader, entry, path);
    if (reader.problems.length > 0) warnings.push(...reader.problems);
    else values.push(value);
  });
  return { values, warnings };
}

export function parseLabelSummary(r: FieldReader): LabelSummary {
  return {
    channel: r.string('channel')!,
    name: r.string('name')!,
    count: r.number('count')!,
    lastSeen: r.isoTime('lastSeen')!,
    lastSeenFrame: r.frameLabel('lastSeenFrame')!,
    confidence: r.number('confidence')!,
    thumbnailUrl: r.optionalString('thumbnailUrl'),
  };
}

function parseCuts(raw: unknown[] | undefined, path: string, problems: string[]): ClipCut[] {
  const { values, warnings } = parseEntries(raw ?? [], `${path}.cuts`, (r) => ({
    time: r.isoTime('time')!,
    frame: r.frameLabel('frame')!,
    thumbnailUrl: r.optionalString('thumbnailUrl'),
  }));
  problems.push(...warnings);
  return values;
}

export function parseClip(r: FieldReader, record: Record<string, unknown>, path: string): Clip {
  const verificationRaw = record.verification;
  let verification: Clip['verification'];
  if (verificationRaw !== undefined && verificationRaw !== null) {
    if (isRecord(verificationRaw)) {
      const v = new FieldReader(verificationRaw, `${path}.verification`);
      verification = { passed: v.boolean('passed')!, method: v.string('method')!, detail: v.optionalString('detail') };
      r.problems.push(...v.problems);
    } else {
      r.problems.push(`${path}.verification should be an object`);
    }
  }
  const clip: Clip = {
    id: r.string('id')!,
    channel: r.string('channel')!,
    label: r.string('label')!,
    status: r.oneOf('status', CLIP_STATUSES)!,
    reason: r.optionalString('reason'),
    cutShortBy: record.cutShortBy === undefined ? undefined : r.oneOf('cutShortBy', CUT_SHORT_BY),
    start: r.isoTime('start')!,
    end: r.isoTime('end')!,
    startFrame: r.frameLabel('startFrame')!,
    endFrame: r.frameLabel('endFrame')!,
    frameCount: r.number('frameCount')!,
    durationSeconds: r.number('durationSeconds')!,
    method: r.optionalString('method'),
    verification,
    latencySeconds: r.optionalNumber('latencySeconds'),
    detectorCalls: r.optionalNumber('detectorCalls'),
    mp4Url: r.optionalString('mp4Url'),
    posterUrl: r.optionalString('posterUrl'),
    hlsUrl: r.optionalString('hlsUrl'),
    cuts: [],
    createdAt: r.isoTime('createdAt')!,
  };
  // A clip without its cut list is still worth showing: missing `cuts` means none listed.
  const cutsRaw = record.cuts === undefined ? [] : r.array('cuts');
  clip.cuts = parseCuts(cutsRaw, path, r.problems);
  return clip;
}

function parseSample(r: FieldReader, record: Record<string, unknown>): AppearanceSample {
  const confidence = record.confidence === null ? null : r.number('confidence')!;
  return {
    time: r.isoTime('time')!,
    frame: r.frameLabel('frame')!,
    thumbnailUrl: r.optionalString('thumbnailUrl'),
    confidence,
    matched: r.boolean('matched')!,
    isCut: r.boolean('isCut')!,
  };
}

function parseAppearance(r: FieldReader, record: Record<string, unknown>, path: string): Appearance {
  const appearance: Appearance = {
    id: r.string('id')!,
    channel: r.string('channel')!,
    label: r.string('label')!,
    open: r.boolean('open')!,
    start: r.isoTime('start')!,
    end: r.optionalIsoTime('end'),
    clipId: r.optionalString('clipId'),
    samples: [],
  };
  const { values, warnings } = parseEntries(r.array('samples') ?? [], `${path}.samples`, (sr, sample) =>
    parseSample(sr, sample),
  );
  r.problems.push(...warnings);
  appearance.samples = values;
  return appearance;
}

/** Parses `feeds/labels.json` (text or already-decoded JSON). */
export function parseLabelsFeed(input: unknown): ParseResult<LabelsFeed> {
  const env = readEnvelope(input, 'labels');
  if (!env.ok) return env;
  const { values, warnings } = parseEntries(env.env.entries, 'labels', (r) => parseLabelSummary(r));
  return { ok: true, value: { version: 1, generatedAt: env.env.generatedAt, labels: values }, warnings };
}

/** Parses `feeds/clips.json`. */
export function parseClipsFeed(input: unknown): ParseResult<ClipsFeed> {
  const env = readEnvelope(input, 'clips');
  if (!env.ok) return env;
  const { values, warnings } = parseEntries(env.env.entries, 'clips', parseClip);
  return { ok: true, value: { version: 1, generatedAt: env.env.generatedAt, clips: values }, warnings };
}

/** Parses `feeds/labels/<Label>.json`. */
export function parseLabelFeed(input: unknown): ParseResult<LabelFeed> {
  const env = readEnvelope(input, 'appearances');
  if (!env.ok) return env;
  const reader = new FieldReader(env.env.record, 'feed');
  const label = reader.string('label');
  if (label === undefined) return { ok: false, problem: reader.problems.join('; ') };
  const { values, warnings } = parseEntries(env.env.entries, 'appearances', parseAppearance);
  return { ok: true, value: { version: 1, generatedAt: env.env.generatedAt, label, appearances: values }, warnings };
}
