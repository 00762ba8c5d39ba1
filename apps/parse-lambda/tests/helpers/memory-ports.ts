/**
 * In-memory ports for unit tests of ParseRun's decisions: a ParseStore with the real semantics
 * of claims and the run lease (and a hook to make any call fail), a scripted live source, a fake
 * processSegment. They implement the real interfaces (ports.ts), nothing more.
 */
import { writeFile } from 'node:fs/promises';
import type { SamplingCarry, SegmentAnalysis } from '@catfinder/media';
import type { Label } from '@catfinder/vision';
import { RunLeaseLostError } from '../../src/errors';
import type { ProcessedSample, ProcessedSegment, ProcessSegmentInput } from '../../src/process-segment';
import type { ChannelCursor, GapRecord, LiveEvent, LiveSegment, LiveSource, ParseStore } from '../../src/ports';
import type { LogSink } from '../../src/run-parse';

type Method = keyof ParseStore;
type Claim = {
  status: 'claimed' | 'done' | 'failed' | 'released';
  token: string;
  owner: string;
  reason?: string;
  epoch?: number;
};

export class MemoryStore implements ParseStore {
  readonly claims = new Map<number, Claim>();
  readonly calls: { method: Method; args: unknown[] }[] = [];
  readonly gaps: [number, number][] = [];
  readonly gapReasons: string[] = [];
  readonly gapEpochs: number[] = [];
  readonly appearances: { status: string; id: string; reason?: string }[] = [];
  cursor: ChannelCursor | undefined;
  lease: { owner: string; until: number } | undefined;
  /** Errors to throw from the next calls of a method, in order. */
  private readonly failures = new Map<Method, Error[]>();
  private tokens = 0;

  failNext(method: Method, ...errors: Error[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...errors]);
  }

  private enter(method: Method, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const error = this.failures.get(method)?.shift();
    if (error) throw error;
  }

  count(method: Method): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  async acquireRun(_channel: string, owner: string, untilMs: number) {
    this.enter('acquireRun', owner);
    if (this.lease && this.lease.owner !== owner && this.lease.until > Date.now()) return false;
    this.lease = { owner, until: untilMs };
    return true;
  }
  async releaseRun(_channel: string, owner: string) {
    this.enter('releaseRun', owner);
    if (this.lease?.owner === owner) this.lease = undefined;
  }
  async readCursor() {
    this.enter('readCursor');
    return this.cursor;
  }
  async writeCursor(channel: string, cursor: ChannelCursor) {
    this.enter('writeCursor', cursor);
    this.cursor = cursor;
    void channel;
  }
  /** libs/store's rule: a claim wins over nothing, a released claim, or a record of an earlier epoch. */
  async claimSegment(segment: { mediaSequence: number; epoch?: number }, owner: string) {
    this.enter('claimSegment', segment.mediaSequence);
    const epoch = segment.epoch ?? 0;
    const current = this.claims.get(segment.mediaSequence);
    if (current && current.status !== 'released' && (current.epoch ?? 0) >= epoch) return undefined;
    const token = `t${++this.tokens}`;
    this.claims.set(segment.mediaSequence, { status: 'claimed', token, owner, epoch });
    return token;
  }
  async completeSegment(record: { channel: string; mediaSequence: number }, token: string) {
    this.enter('completeSegment', record.mediaSequence);
    const claim = this.claims.get(record.mediaSequence);
    if (claim?.token !== token)
      throw new RunLeaseLostError(record.channel, `segment ${record.mediaSequence}: lost-lease`);
    claim.status = 'done';
  }
  async releaseSegment(_channel: string, seq: number, token: string, reason: string) {
    this.enter('releaseSegment', seq, reason);
    const claim = this.claims.get(seq);
    if (claim?.token !== token) return false;
    claim.status = 'released';
    claim.reason = reason;
    return true;
  }
  async failSegment(_channel: string, seq: number, token: string, reason: string) {
    this.enter('failSegment', seq, reason);
    const claim = this.claims.get(seq);
    if (claim?.token === token) Object.assign(claim, { status: 'failed', reason });
  }
  async recordGap(_channel: string, from: number, to: number, gap?: GapRecord) {
    this.enter('recordGap', from, to);
    this.gaps.push([from, to]);
    this.gapReasons.push(gap?.reason ?? 'unspecified');
    this.gapEpochs.push(gap?.epoch ?? 0);
  }
  async putObject() {
    this.enter('putObject');
  }
  async getObject() {
    this.enter('getObject');
    return undefined;
  }
  async putSamples() {
    this.enter('putSamples');
  }
  async recordSightings() {
    this.enter('recordSightings');
  }
  async saveAppearance(appearance: { status: string; id: string; reason?: string }) {
    this.enter('saveAppearance', appearance.id);
    this.appearances.push({
      status: appearance.status,
      id: appearance.id,
      ...(appearance.reason ? { reason: appearance.reason } : {}),
    });
  }
  async publishFeeds() {
    this.enter('publishFeeds');
  }
}

/** A live source that plays a script of polls, then reports the end of the playlist. */
export function scriptedSource(
  polls: { segments?: LiveSegment[]; events?: LiveEvent[] }[],
  fetchErrors = new Map<number, Error>(),
): LiveSource {
  return {
    async poll() {
      const next = polls.shift();
      return next
        ? { segments: next.segments ?? [], events: next.events ?? [] }
        : { segments: [], events: [{ type: 'ended' }] };
    },
    async fetchSegment(segment, path) {
      const error = fetchErrors.get(segment.mediaSequence);
      if (error) throw error;
      await writeFile(path, new Uint8Array([segment.mediaSequence]));
    },
    stateAfter: (last) => (last === undefined ? {} : { lastMediaSequence: last }),
  };
}

export function liveSegment(mediaSequence: number, discontinuitySequence = 0, epoch = 0): LiveSegment {
  const startTime = 1_800_000_000_000 + mediaSequence * 2000 + epoch * 3_600_000;
  return {
    mediaSequence,
    epoch,
    uri: `seg${mediaSequence}.ts`,
    duration: 2,
    discontinuitySequence,
    startTime,
    clock: 'program-date-time',
    firstSeenAt: startTime + 2500,
    extension: 'ts',
  };
}

const cat = (confidence: number): Label => ({
  Name: 'Cat',
  Confidence: confidence,
  Instances: [],
  Parents: [],
  Aliases: [],
  Categories: [],
});

/**
 * A fake processSegment: one sample per segment (a cat when `cats` holds the sequence), a carry
 * that names its segment, and a record of every input it was given.
 */
export function fakeProcess(cats: ReadonlySet<number> = new Set()) {
  const inputs: ProcessSegmentInput[] = [];
  const fn = async (input: ProcessSegmentInput): Promise<ProcessedSegment> => {
    inputs.push(input);
    const seq = input.segment.mediaSequence;
    const time = input.segment.startTime;
    const sample: ProcessedSample = {
      channel: input.channel,
      mediaSequence: seq,
      index: 0,
      time,
      frameLabel: `f${seq}`,
      isCut: false,
      sceneScore: 0,
      imageKey: `samples/${seq}/0.jpg`,
      labels: cats.has(seq) ? [cat(98)] : [],
      matchedLabels: cats.has(seq) ? ['Cat'] : [],
    };
    const carry: SamplingCarry = { version: 1, secondsSinceCandidate: seq };
    const analysis = {
      cuts: [],
      boundaryScored: input.previousPath !== undefined,
      carry,
    } as unknown as SegmentAnalysis;
    return {
      record: {
        channel: input.channel,
        mediaSequence: seq,
        startTime: time,
        duration: 2,
        discontinuitySequence: input.segment.discontinuitySequence,
        clock: 'program-date-time',
        firstSeenAt: input.segment.firstSeenAt,
        archiveKey: `segments/${seq}.ts`,
        frameCount: 50,
        frameRate: 25,
        width: 640,
        height: 360,
      },
      samples: [sample],
      analysis,
      localPath: `/nonexistent/catfinder-test/${seq}.ts`,
      samplesDir: `/nonexistent/catfinder-test/samples-${seq}`,
      detectorCalls: 1,
      detectorErrors: 0,
      detectorSkipped: 0,
      timings: { archiveMs: 1, analyseMs: 10, uploadMs: 1, detectMs: 1, writeMs: 1 },
    };
  };
  return { fn, inputs };
}

/** A log sink that keeps every entry. */
export function recordingSink(): LogSink & {
  entries: { level: string; message: string; extra?: Record<string, unknown> }[];
} {
  const entries: { level: string; message: string; extra?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, extra?: Record<string, unknown>) =>
    void entries.push({ level, message, ...(extra ? { extra } : {}) });
  return { entries, info: at('info'), warn: at('warn'), error: at('error') };
}
