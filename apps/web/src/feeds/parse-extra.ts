/**
 * Parsers for the feeds added for the operator views: all-labels.json, health.json, each
 * channel's recent.json, celebrities.json, and the clip history (days.json, days/<day>.json).
 * Same rules as parse.ts: never throw, an unusable envelope is `ok: false`, a bad entry is
 * dropped and named.
 */
import type {
  AllLabelEntry,
  AllLabelsFeed,
  BoundingBox,
  CelebritiesFeed,
  CelebritySighting,
  CelebritySummary,
  ClipDayFeed,
  ClipDaysIndex,
  ClipDaySummary,
  HealthChannel,
  HealthFeed,
  NowOnScreen,
  ParseResult,
  PresenceBand,
  RecentFeed,
} from '../types';
import { FieldReader, isRecord } from './fields';
import { parseClip, parseEntries, parseJsonText, parseLabelSummary, readEnvelope } from './parse';

function parseAllLabel(r: FieldReader): AllLabelEntry {
  return {
    ...parseLabelSummary(r),
    firstSeen: r.isoTime('firstSeen')!,
    firstSeenFrame: r.frameLabel('firstSeenFrame')!,
    watched: r.boolean('watched')!,
  };
}

/** `feeds/all-labels.json` */
export function parseAllLabelsFeed(input: unknown): ParseResult<AllLabelsFeed> {
  const env = readEnvelope(input, 'labels');
  if (!env.ok) return env;
  const { values, warnings } = parseEntries(env.env.entries, 'labels', (r) => parseAllLabel(r));
  return { ok: true, value: { version: 1, generatedAt: env.env.generatedAt, labels: values }, warnings };
}

function parseHealthChannel(r: FieldReader): HealthChannel {
  return {
    channel: r.string('channel')!,
    lastSegmentSequence: r.nullable('lastSegmentSequence', r.number)!,
    lastSegmentProcessedAt: r.nullable('lastSegmentProcessedAt', r.isoTime)!,
    lastSegmentEndTime: r.nullable('lastSegmentEndTime', r.isoTime)!,
    lagSeconds: r.nullable('lagSeconds', r.number)!,
    segmentsPerMinute: r.number('segmentsPerMinute')!,
    detectorCallsPerMinute: r.number('detectorCallsPerMinute')!,
    reusedPerMinute: r.number('reusedPerMinute')!,
    errorsLast10Minutes: r.number('errorsLast10Minutes')!,
    lastError: r.nullable('lastError', r.optionalString) ?? null,
  };
}

/** `feeds/health.json` (no `version` in the agreed shape). */
export function parseHealthFeed(input: unknown): ParseResult<HealthFeed> {
  const parsed = typeof input === 'string' ? parseJsonText(input) : { ok: true as const, value: input };
  if (!parsed.ok) return parsed;
  if (!isRecord(parsed.value)) return { ok: false, problem: 'not a JSON object' };
  const reader = new FieldReader(parsed.value, 'feed');
  const generatedAt = reader.isoTime('generatedAt');
  const entries = reader.array('channels');
  if (generatedAt === undefined || entries === undefined) return { ok: false, problem: reader.problems.join('; ') };
  const { values, warnings } = parseEntries(entries, 'channels', (r) => parseHealthChannel(r));
  return { ok: true, value: { generatedAt, channels: values }, warnings };
}

function parseBox(r: FieldReader, record: Record<string, unknown>, path: string): BoundingBox | undefined {
  const face = record.Face;
  if (face === undefined || face === null) return undefined;
  if (!isRecord(face) || (face.BoundingBox !== undefined && !isRecord(face.BoundingBox))) {
    r.problems.push(`${path}.Face should be { BoundingBox }`);
    return undefined;
  }
  if (face.BoundingBox === undefined) return undefined;
  return readBox(r, face.BoundingBox as Record<string, unknown>, `${path}.Face.BoundingBox`);
}

/** A Rekognition-shaped box (ratios of the frame); its problems are added to `r`'s. */
function readBox(r: FieldReader, record: Record<string, unknown>, path: string): BoundingBox {
  const b = new FieldReader(record, path);
  const box = {
    Width: b.finite('Width')!,
    Height: b.finite('Height')!,
    Left: b.finite('Left')!,
    Top: b.finite('Top')!,
  };
  r.problems.push(...b.problems);
  return box;
}

function parseCelebrity(r: FieldReader, record: Record<string, unknown>, path: string): CelebritySighting {
  const box = parseBox(r, record, path);
  return {
    channel: r.string('channel')!,
    Name: r.string('Name')!,
    Id: r.optionalString('Id'),
    MatchConfidence: r.number('MatchConfidence')!,
    Urls: record.Urls === undefined ? [] : r.strings('Urls')!,
    Face: box ? { BoundingBox: box } : {},
    time: r.isoTime('time')!,
    frame: r.frameLabel('frame')!,
    thumbnailUrl: r.optionalString('thumbnailUrl'),
  };
}

function parseSummaryBox(r: FieldReader, record: Record<string, unknown>, path: string): BoundingBox | undefined {
  if (record.box === undefined || record.box === null) return undefined;
  if (!isRecord(record.box)) {
    r.problems.push(`${path}.box should be { Width, Height, Left, Top }`);
    return undefined;
  }
  return readBox(r, record.box, `${path}.box`);
}

function parseCelebritySummary(r: FieldReader, record: Record<string, unknown>, path: string): CelebritySummary {
  const box = parseSummaryBox(r, record, path);
  return {
    channel: r.string('channel')!,
    name: r.string('name')!,
    id: r.string('id')!,
    source: r.string('source')!,
    count: r.number('count')!,
    firstSeen: r.isoTime('firstSeen')!,
    firstSeenFrame: r.frameLabel('firstSeenFrame')!,
    lastSeen: r.isoTime('lastSeen')!,
    lastSeenFrame: r.frameLabel('lastSeenFrame')!,
    confidence: r.number('confidence')!,
    urls: record.urls === undefined ? [] : r.strings('urls')!,
    ...(box ? { box } : {}),
    thumbnailUrl: r.optionalString('thumbnailUrl'),
  };
}

/** `feeds/celebrities.json` */
export function parseCelebritiesFeed(input: unknown): ParseResult<CelebritiesFeed> {
  const env = readEnvelope(input, 'celebrities');
  if (!env.ok) return env;
  const { values, warnings } = parseEntries(env.env.entries, 'celebrities', parseCelebritySummary);
  return { ok: true, value: { version: 1, generatedAt: env.env.generatedAt, celebrities: values }, warnings };
}

function parseNow(raw: unknown, warnings: string[]): NowOnScreen | null {
  if (raw === null || raw === undefined) return null;
  if (!isRecord(raw)) {
    warnings.push('feed.now is not an object');
    return null;
  }
  const r = new FieldReader(raw, 'now');
  const labels = parseEntries(r.array('labels') ?? [], 'now.labels', (lr) => ({
    name: lr.string('name')!,
    confidence: lr.number('confidence')!,
  }));
  const celebrities = parseEntries(
    raw.celebrities === undefined ? [] : (r.array('celebrities') ?? []),
    'now.celebrities',
    parseCelebrity,
  );
  const now = {
    time: r.isoTime('time')!,
    frame: r.frameLabel('frame')!,
    thumbnailUrl: r.optionalString('thumbnailUrl'),
    labels: labels.values,
    celebrities: celebrities.values,
  };
  warnings.push(...labels.warnings, ...celebrities.warnings);
  if (r.problems.length > 0) {
    warnings.push(...r.problems);
    return null;
  }
  return now;
}

/** `feeds/channels/<channel>/recent.json` */
export function parseRecentFeed(input: unknown): ParseResult<RecentFeed> {
  const env = readEnvelope(input, 'cuts');
  if (!env.ok) return env;
  const r = new FieldReader(env.env.record, 'feed');
  const channel = r.string('channel');
  const windowStart = r.isoTime('windowStart');
  const presenceRaw = r.array('presence');
  const playlistUrl = r.optionalString('playlistUrl');
  if (channel === undefined || windowStart === undefined || presenceRaw === undefined)
    return { ok: false, problem: r.problems.join('; ') };
  const cuts = parseEntries(env.env.entries, 'cuts', (cr) => ({
    time: cr.isoTime('time')!,
    frame: cr.frameLabel('frame')!,
    thumbnailUrl: cr.optionalString('thumbnailUrl'),
  }));
  const presence = parseEntries(presenceRaw, 'presence', (pr): PresenceBand => ({
    label: pr.string('label')!,
    start: pr.isoTime('start')!,
    end: pr.isoTime('end')!,
    open: pr.boolean('open')!,
  }));
  const warnings = [...r.problems, ...cuts.warnings, ...presence.warnings];
  const now = parseNow(env.env.record.now, warnings);
  return {
    ok: true,
    value: {
      version: 1,
      generatedAt: env.env.generatedAt,
      channel,
      playlistUrl,
      windowStart,
      now,
      cuts: cuts.values,
      presence: presence.values,
    },
    warnings,
  };
}

/** `feeds/clips/days.json` */
export function parseClipDaysIndex(input: unknown): ParseResult<ClipDaysIndex> {
  const env = readEnvelope(input, 'days');
  if (!env.ok) return env;
  const { values, warnings } = parseEntries(env.env.entries, 'days', (r): ClipDaySummary => {
    const day = r.string('day');
    if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day))
      r.problems.push(`days.day should be YYYY-MM-DD (got ${JSON.stringify(day).slice(0, 20)})`);
    return { day: day!, count: r.number('count')!, channels: r.strings('channels')!, labels: r.strings('labels')! };
  });
  return { ok: true, value: { version: 1, generatedAt: env.env.generatedAt, days: values }, warnings };
}

/** `feeds/clips/days/<YYYY-MM-DD>.json` (entries are clips.json entries without `cuts`). */
export function parseClipDayFeed(input: unknown): ParseResult<ClipDayFeed> {
  const env = readEnvelope(input, 'clips');
  if (!env.ok) return env;
  const day = new FieldReader(env.env.record, 'feed').string('day');
  if (day === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(day))
    return { ok: false, problem: 'feed.day should be YYYY-MM-DD' };
  const { values, warnings } = parseEntries(env.env.entries, 'clips', parseClip);
  return { ok: true, value: { version: 1, generatedAt: env.env.generatedAt, day, clips: values }, warnings };
}
