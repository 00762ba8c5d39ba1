/**
 * Records that cross package boundaries, declared once here (CONTRACTS.md lists them) and checked
 * where they are read back: a stored value of the wrong shape is a StoreDataError naming the
 * field, never a silent default.
 */
import { StoreDataError } from './errors';

/** A frame of the channel: the media sequence of its segment and its index in presentation order. */
export interface FrameRef {
  readonly mediaSequence: number;
  readonly index: number;
}

/** A sample of an appearance: its frame and the frame's absolute time (epoch ms). */
export interface SamplePoint {
  readonly frame: FrameRef;
  readonly time: number;
}

/**
 * Where the pipeline's handlers write their logs (Powertools Logger on Lambda, a readable progress
 * sink in the local stack, a recorder in tests): one structured entry per call.
 */
export interface LogSink {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** JSON as stored (what `JSON.parse` can return, minus `undefined`). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { readonly [key: string]: JsonValue };

/** What parse learnt about a segment: written with its claim (firstSeenAt) and completion (the rest). */
export interface SegmentTimeline {
  /** When parse first saw the segment listed, epoch ms (latency origin). */
  readonly firstSeenAt: number;
  /** Frames decoded from the segment (set on completion). */
  readonly frameCount?: number;
  readonly frameRate?: number;
  readonly width?: number;
  readonly height?: number;
}

/** The channel's run lease: one parse run per channel at a time. */
export interface RunLease {
  /** Run id of the holder. */
  readonly owner: string;
  /** Lease end, epoch ms. */
  readonly until: number;
}

/** Why an appearance closed (`ended`: the playlist ended, `#EXT-X-ENDLIST`, so no sample follows). */
export type AppearanceCloseReason = 'exit-samples' | 'cut' | 'max-length' | 'gap' | 'reset' | 'ended';

/**
 * A break in the channel's timeline (missing media, or an encoder restart) that closed an
 * appearance while its label was still on screen: the clip holds what was seen up to the break,
 * not the whole scene.
 */
export type TimelineBreak = Extract<AppearanceCloseReason, 'gap' | 'reset'>;

/** An appearance that is open (the state the appearance machine keeps per watched label). */
export interface OpenAppearance {
  readonly status: 'open';
  readonly id: string;
  readonly channel: string;
  readonly label: string;
  readonly firstMatch: SamplePoint;
  readonly lastMatch: SamplePoint;
  /** Consecutive non-matching samples since `lastMatch`. */
  readonly misses: number;
  /** Detector calls (samples) this appearance took, including the one that opened it. */
  readonly detectorCalls: number;
  readonly maxConfidence: number;
}

/** Appearance machine state of one watched label, persisted between parse runs. */
export type AppearanceState = { readonly status: 'idle' } | OpenAppearance;

/**
 * What decided a clip bound: a scene cut, the samples around it, the last match itself (an open
 * appearance), or a break in the recorded timeline (a gap or an encoder restart inside the scene).
 */
export type BoundSource = 'cut' | 'samples' | 'last-match' | 'break';

/** Clip bounds in whole frames (prekog computes them; provisional ones are kept on the appearance). */
export interface ClipBounds {
  readonly start: FrameRef;
  readonly end: FrameRef;
  readonly startTime: number;
  readonly endTime: number;
  readonly frameCount: number;
  readonly frameRate: number;
  readonly provisional: boolean;
  readonly startBy: BoundSource;
  readonly endBy: BoundSource;
  /** Shortened to `maxClipSeconds`. */
  readonly capped: boolean;
  /** A roll was cut short by the edge of the recorded segments. */
  readonly rollClamped: boolean;
  /** The scene runs across a break in the timeline: the clip holds its part on this side only. */
  readonly cutShortBy?: TimelineBreak;
}

/** The caller state of an appearance record (appearances item `stateJson`). */
export interface AppearanceRecordState {
  /** Bounds of the clip while the appearance is open (prekog). */
  readonly provisional?: ClipBounds;
}

/** Everything a parse run hands to the next one besides the last sequence (stored on the cursor item). */
export interface RunState {
  /** False until a first segment was handled (then the cursor's `lastMediaSequence` is meaningful). */
  readonly hasLast: boolean;
  /** Timeline epoch: raised at every playlist reset (encoder restart), part of a segment's identity. @default 0 */
  readonly epoch?: number;
  readonly lease?: RunLease;
  /** Per watched label. */
  readonly appearances?: Readonly<Record<string, AppearanceState>>;
  /** libs/hls's FollowerState (owned and checked there), kept as the JSON object it is. */
  readonly source?: JsonObject;
}

/** Checks a stored segment timeline; `where` names the item in the error. */
export function readSegmentTimeline(value: unknown, where: string): SegmentTimeline | undefined {
  if (value === undefined) return undefined;
  const o = object(value, `${where}: timeline`);
  const firstSeenAt = num(o.firstSeenAt, `${where}: timeline.firstSeenAt`);
  const out: { -readonly [K in keyof SegmentTimeline]: SegmentTimeline[K] } = { firstSeenAt };
  for (const k of ['frameCount', 'frameRate', 'width', 'height'] as const) {
    if (o[k] !== undefined) out[k] = num(o[k], `${where}: timeline.${k}`);
  }
  return out;
}

/** Checks a stored run state; `where` names the item in the error. */
export function readRunState(value: unknown, where: string): RunState {
  if (value === undefined) return { hasLast: false };
  const o = object(value, `${where}: run state`);
  if (o.hasLast !== undefined && typeof o.hasLast !== 'boolean') throw bad(`${where}: hasLast`, 'a boolean', o.hasLast);
  const lease = o.lease === undefined ? undefined : readLease(o.lease, `${where}: lease`);
  const appearances = o.appearances === undefined ? undefined : readAppearances(o.appearances, `${where}: appearances`);
  const source = o.source === undefined ? undefined : (object(o.source, `${where}: source`) as JsonObject);
  const epoch = o.epoch === undefined ? undefined : num(o.epoch, `${where}: epoch`);
  return {
    hasLast: o.hasLast === true,
    ...(epoch === undefined ? {} : { epoch }),
    ...(lease ? { lease } : {}),
    ...(appearances ? { appearances } : {}),
    ...(source ? { source } : {}),
  };
}

function readLease(value: unknown, where: string): RunLease {
  const o = object(value, where);
  if (typeof o.owner !== 'string' || o.owner === '') throw bad(`${where}.owner`, 'a non-empty string', o.owner);
  return { owner: o.owner, until: num(o.until, `${where}.until`) };
}

function readAppearances(value: unknown, where: string): Record<string, AppearanceState> {
  const out: Record<string, AppearanceState> = {};
  for (const [label, state] of Object.entries(object(value, where)))
    out[label] = readAppearanceState(state, `${where}.${label}`);
  return out;
}

/** Checks one persisted appearance state. */
export function readAppearanceState(value: unknown, where: string): AppearanceState {
  const o = object(value, where);
  if (o.status === 'idle') return { status: 'idle' };
  if (o.status !== 'open') throw bad(`${where}.status`, '"idle" or "open"', o.status);
  for (const k of ['id', 'channel', 'label'] as const)
    if (typeof o[k] !== 'string') throw bad(`${where}.${k}`, 'a string', o[k]);
  return {
    status: 'open',
    id: o.id as string,
    channel: o.channel as string,
    label: o.label as string,
    firstMatch: readSamplePoint(o.firstMatch, `${where}.firstMatch`),
    lastMatch: readSamplePoint(o.lastMatch, `${where}.lastMatch`),
    misses: num(o.misses, `${where}.misses`),
    detectorCalls: num(o.detectorCalls, `${where}.detectorCalls`),
    maxConfidence: num(o.maxConfidence, `${where}.maxConfidence`),
  };
}

function timelineBreak(v: unknown, where: string): TimelineBreak {
  if (v !== 'gap' && v !== 'reset') throw bad(where, '"gap" or "reset"', v);
  return v;
}

/** Checks a stored appearance record state; `where` names the item in the error. */
export function readAppearanceRecordState(value: unknown, where: string): AppearanceRecordState | undefined {
  if (value === undefined) return undefined;
  const o = object(value, `${where}: state`);
  if (o.provisional === undefined) return {};
  const b = object(o.provisional, `${where}: state.provisional`);
  const at = (k: string) => `${where}: state.provisional.${k}`;
  const frame = (v: unknown, k: string): FrameRef => {
    const f = object(v, at(k));
    return { mediaSequence: num(f.mediaSequence, at(`${k}.mediaSequence`)), index: num(f.index, at(`${k}.index`)) };
  };
  const source = (v: unknown, k: string): BoundSource => {
    if (v !== 'cut' && v !== 'samples' && v !== 'last-match' && v !== 'break')
      throw bad(at(k), '"cut", "samples", "last-match" or "break"', v);
    return v;
  };
  const flag = (v: unknown, k: string): boolean => {
    if (typeof v !== 'boolean') throw bad(at(k), 'a boolean', v);
    return v;
  };
  return {
    provisional: {
      start: frame(b.start, 'start'),
      end: frame(b.end, 'end'),
      startTime: num(b.startTime, at('startTime')),
      endTime: num(b.endTime, at('endTime')),
      frameCount: num(b.frameCount, at('frameCount')),
      frameRate: num(b.frameRate, at('frameRate')),
      provisional: flag(b.provisional, 'provisional'),
      startBy: source(b.startBy, 'startBy'),
      endBy: source(b.endBy, 'endBy'),
      capped: flag(b.capped, 'capped'),
      rollClamped: flag(b.rollClamped, 'rollClamped'),
      ...(b.cutShortBy === undefined ? {} : { cutShortBy: timelineBreak(b.cutShortBy, at('cutShortBy')) }),
    },
  };
}

/** A detector observation as stored: Rekognition-shaped label objects (libs/vision's `Label`). */
export type StoredObservation = readonly JsonObject[];

/** Checks a stored observation: an array of label objects, each with a string `Name` and a number `Confidence`. */
export function readObservation(value: unknown, where: string): StoredObservation | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw bad(`${where}: observation`, 'an array of labels', value);
  return value.map((label, i) => {
    const o = object(label, `${where}: observation[${i}]`);
    if (typeof o.Name !== 'string') throw bad(`${where}: observation[${i}].Name`, 'a string', o.Name);
    num(o.Confidence, `${where}: observation[${i}].Confidence`);
    return o as JsonObject;
  });
}

/** Checks the samples stored inside an appearance record. */
export function readAppearanceSamples<T extends { time: number; frame: string; mediaSequence: number; index: number }>(
  value: unknown,
  where: string,
): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw bad(`${where}: samples`, 'an array', value);
  return value.map((sample, i) => {
    const o = object(sample, `${where}: samples[${i}]`);
    for (const k of ['time', 'mediaSequence', 'index'] as const) num(o[k], `${where}: samples[${i}].${k}`);
    if (typeof o.frame !== 'string') throw bad(`${where}: samples[${i}].frame`, 'a frame label', o.frame);
    return o as unknown as T;
  });
}

/** Checks a sample point (frame + time). */
export function readSamplePoint(value: unknown, where: string): SamplePoint {
  const o = object(value, where);
  const frame = object(o.frame, `${where}.frame`);
  return {
    frame: {
      mediaSequence: num(frame.mediaSequence, `${where}.frame.mediaSequence`),
      index: num(frame.index, `${where}.frame.index`),
    },
    time: num(o.time, `${where}.time`),
  };
}

/** Checks that a stored value is a JSON object (state another package owns and checks further). */
export function readJsonObject(value: unknown, where: string): JsonObject {
  return object(value, where) as JsonObject;
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(where, 'an object', value);
  return value as Record<string, unknown>;
}

function num(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(where, 'a finite number', value);
  return value;
}

function bad(where: string, expected: string, got: unknown): StoreDataError {
  return new StoreDataError(`${where}: expected ${expected}, got ${JSON.stringify(got) ?? String(got)}`, {
    key: where,
  });
}
