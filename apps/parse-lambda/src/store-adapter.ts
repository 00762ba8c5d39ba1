/**
 * ParseStore over libs/store. The channel's cursor item (optimistic version) doubles as the run
 * lease: taking it is a conditional write, so two overlapping runs can never both hold the
 * channel, and a run that lost it finds out on its next cursor write.
 */
import type { FollowerState } from '@catfinder/hls';
import type { SamplingCarry } from '@catfinder/media';
import type {
  AppearanceStore,
  FileBody,
  FrameStore,
  JsonObject,
  LabelStore,
  ObjectStore,
  RunLease,
  RunState,
  SegmentStore,
  StoredObservation,
} from '@catfinder/store';
import type { Label } from '@catfinder/vision';
import type { ClosedAppearance, OpenAppearance } from './appearance';
import { RunLeaseLostError } from './errors';
import type {
  AppearanceSample,
  ChannelCursor,
  GapRecord,
  LabelSighting,
  ParseStore,
  SampleRecord,
  SegmentRecord,
} from './ports';

export interface StoreParts {
  readonly segments: SegmentStore;
  readonly frames: FrameStore;
  readonly labels: LabelStore;
  readonly appearances: AppearanceStore;
  readonly objects: ObjectStore;
  /** Rewrites the feeds of the given labels (and labels.json / clips.json) when they changed. */
  readonly publishFeeds: (channel: string, labels: readonly string[]) => Promise<void>;
  readonly now?: () => number;
}

/**
 * The carry (libs/media) and the follower state (libs/hls) are owned and checked by their
 * packages; libs/store keeps them as JSON objects. These two functions are the only crossings.
 */
const toJson = (value: SamplingCarry | FollowerState): JsonObject => value as unknown as JsonObject;
const fromJson = <T extends SamplingCarry | FollowerState>(value: JsonObject): T => value as unknown as T;
/** libs/vision's labels are plain JSON objects; the store keeps (and checks) them as such. */
const toObservation = (labels: readonly Label[]): StoredObservation => labels as unknown as StoredObservation;

/** Longest run of missing sequences written one by one as gap records. */
const MAX_GAP_RECORDS = 500;

export function createParseStore(parts: StoreParts): ParseStore {
  return new ParseStoreAdapter(parts);
}

/** ParseStore over libs/store's parts; the cursor version and the run lease are kept per channel. */
class ParseStoreAdapter implements ParseStore {
  private readonly now: () => number;
  private readonly versions = new Map<string, number | undefined>();
  private readonly leases = new Map<string, RunLease>();

  constructor(private readonly parts: StoreParts) {
    this.now = parts.now ?? Date.now;
  }

  private async readRaw(channel: string) {
    const c = await this.parts.segments.getCursor(channel);
    this.versions.set(channel, c?.version);
    return c;
  }

  private async put(
    channel: string,
    next: { lastMediaSequence: number; discontinuitySequence?: number; carry?: JsonObject; run: RunState },
  ): Promise<boolean> {
    const result = await this.parts.segments.putCursor(channel, next, this.versions.get(channel));
    if (result.ok) this.versions.set(channel, result.version);
    else this.versions.set(channel, result.current?.version);
    return result.ok;
  }

  async acquireRun(channel: string, owner: string, untilMs: number): Promise<boolean> {
    const current = await this.readRaw(channel);
    const run = current?.run ?? { hasLast: false };
    if (run.lease && run.lease.owner !== owner && run.lease.until > this.now()) return false;
    this.leases.set(channel, { owner, until: untilMs });
    return this.put(channel, {
      lastMediaSequence: current?.lastMediaSequence ?? 0,
      ...(current?.discontinuitySequence === undefined ? {} : { discontinuitySequence: current.discontinuitySequence }),
      ...(current?.carry === undefined ? {} : { carry: current.carry }),
      run: { ...run, lease: { owner, until: untilMs } },
    });
  }

  async releaseRun(channel: string, owner: string): Promise<void> {
    const current = await this.readRaw(channel);
    if (!current || current.run.lease?.owner !== owner) return;
    const { lease: _lease, ...rest } = current.run;
    await this.put(channel, {
      lastMediaSequence: current.lastMediaSequence,
      ...(current.discontinuitySequence === undefined ? {} : { discontinuitySequence: current.discontinuitySequence }),
      ...(current.carry === undefined ? {} : { carry: current.carry }),
      run: rest,
    });
  }

  async readCursor(channel: string): Promise<ChannelCursor | undefined> {
    const current = await this.readRaw(channel);
    if (!current) return undefined;
    const { run } = current;
    return {
      ...(run.hasLast ? { lastSequence: current.lastMediaSequence } : {}),
      discontinuitySequence: current.discontinuitySequence ?? 0,
      ...(run.epoch ? { epoch: run.epoch } : {}),
      ...(current.carry === undefined ? {} : { carry: fromJson<SamplingCarry>(current.carry) }),
      appearances: run.appearances ?? {},
      ...(run.source === undefined ? {} : { source: fromJson<FollowerState>(run.source) }),
    };
  }

  async writeCursor(channel: string, cursor: ChannelCursor): Promise<void> {
    // Conditional on the version this run last wrote: another run's write makes it fail.
    const lease = this.leases.get(channel);
    const next = {
      lastMediaSequence: cursor.lastSequence ?? 0,
      discontinuitySequence: cursor.discontinuitySequence,
      ...(cursor.carry === undefined ? {} : { carry: toJson(cursor.carry) }),
      run: {
        hasLast: cursor.lastSequence !== undefined,
        ...(cursor.epoch ? { epoch: cursor.epoch } : {}),
        ...(lease ? { lease } : {}),
        appearances: cursor.appearances,
        ...(cursor.source === undefined ? {} : { source: toJson(cursor.source) }),
      },
    };
    if (await this.put(channel, next)) return;
    // A write of ours may have been applied although its answer was lost (e.g. DynamoDB went
    // away mid-call): if the stored cursor still carries our lease, it is still ours.
    const current = await this.readRaw(channel);
    const holder = current?.run.lease;
    if (lease && holder?.owner === lease.owner && (await this.put(channel, next))) return;
    throw new RunLeaseLostError(
      channel,
      `the cursor was written by another run (lease holder ${holder?.owner ?? 'none'})`,
    );
  }

  async claimSegment(
    segment: Parameters<ParseStore['claimSegment']>[0],
    owner: string,
    leaseMs: number,
  ): Promise<string | undefined> {
    const result = await this.parts.segments.claim(segment.channel, segment.mediaSequence, {
      owner,
      leaseMs,
      ...(segment.epoch ? { epoch: segment.epoch } : {}),
      info: {
        startTime: segment.startTime,
        duration: segment.duration,
        discontinuitySequence: segment.discontinuitySequence,
        clock: segment.clock,
        uri: segment.uri,
        timeline: { firstSeenAt: segment.firstSeenAt },
      },
    });
    return result.claimed ? result.token : undefined;
  }

  async completeSegment(record: SegmentRecord, token: string) {
    const result = await this.parts.segments.complete(record.channel, record.mediaSequence, token, {
      archiveKey: record.archiveKey,
      ...(record.initKey === undefined ? {} : { initKey: record.initKey }),
      timeline: {
        firstSeenAt: record.firstSeenAt,
        frameCount: record.frameCount,
        frameRate: record.frameRate,
        width: record.width,
        height: record.height,
      },
    });
    if (!result.ok) throw new RunLeaseLostError(record.channel, `segment ${record.mediaSequence}: ${result.reason}`);
  }

  async releaseSegment(channel: string, mediaSequence: number, token: string, reason: string): Promise<boolean> {
    return (await this.parts.segments.release(channel, mediaSequence, token, reason)).ok;
  }

  async failSegment(channel: string, mediaSequence: number, token: string, reason: string): Promise<void> {
    await this.parts.segments.fail(channel, mediaSequence, token, reason.slice(0, 1000));
  }

  async recordGap(channel: string, fromSequence: number, toSequence: number, gap?: GapRecord): Promise<void> {
    // Left-window gaps keep their first wording (`gap: …`); other reasons are prefixed by their name.
    const reason =
      gap === undefined || gap.reason === 'left-window'
        ? 'gap: left the live playlist before it was processed'
        : `${gap.reason}: ${gap.detail}`;
    const last = Math.min(toSequence, fromSequence + MAX_GAP_RECORDS - 1);
    for (let seq = fromSequence; seq <= last; seq++) {
      const claim = await this.parts.segments.claim(channel, seq, {
        owner: 'gap',
        leaseMs: 1000,
        ...(gap?.epoch ? { epoch: gap.epoch } : {}),
      });
      if (claim.claimed) await this.parts.segments.fail(channel, seq, claim.token, reason.slice(0, 1000));
    }
  }

  async putObject(key: string, body: Uint8Array | FileBody, contentType: string): Promise<void> {
    await this.parts.objects.put(key, body, { contentType });
  }

  async getObject(key: string): Promise<Uint8Array | undefined> {
    return this.parts.objects.getBytes(key);
  }

  async putSamples(samples: readonly SampleRecord[]) {
    if (samples.length === 0) return;
    await this.parts.frames.putMany(
      samples[0]!.channel,
      samples.map((s) => ({
        mediaSequence: s.mediaSequence,
        ...(s.epoch ? { epoch: s.epoch } : {}),
        index: s.index,
        time: s.time,
        frame: s.frameLabel,
        sceneScore: s.sceneScore,
        isCut: s.isCut,
        imageKey: s.imageKey,
        ...(s.labels === null ? {} : { observation: toObservation(s.labels) }),
        ...(s.labelModelVersion === undefined ? {} : { labelModelVersion: s.labelModelVersion }),
        matchedLabels: s.matchedLabels,
        ...(s.reused === true ? { reused: true } : {}),
      })),
    );
  }

  async recordSightings(sightings: readonly LabelSighting[]): Promise<void> {
    for (const s of sightings) {
      await this.parts.labels.recordSighting(s.channel, s.label, {
        time: s.time,
        mediaSequence: s.mediaSequence,
        index: s.index,
        frame: s.frameLabel,
        confidence: s.confidence,
        thumbnailKey: s.thumbnailKey,
      });
    }
  }

  async saveAppearance(appearance: OpenAppearance | ClosedAppearance, samples: readonly AppearanceSample[]) {
    const { channel, label, id } = appearance;
    const rows = samples.map((s) => ({
      time: s.time,
      frame: s.frameLabel,
      mediaSequence: s.frame.mediaSequence,
      index: s.frame.index,
      imageKey: s.imageKey,
      confidence: s.confidence,
      matched: s.matched,
      isCut: s.isCut,
    }));
    const ensureOpen = async (): Promise<boolean> => {
      const first = rows.find(
        (r) =>
          r.mediaSequence === appearance.firstMatch.frame.mediaSequence &&
          r.index === appearance.firstMatch.frame.index,
      );
      if (!first) return false;
      const opened = await this.parts.appearances.open(channel, label, first);
      return opened.opened || opened.existing.id === id;
    };
    if (appearance.status === 'open') {
      let result = await this.parts.appearances.update(channel, label, id, { appendSamples: rows });
      if (!result.ok && result.reason === 'not-found' && (await ensureOpen()))
        result = await this.parts.appearances.update(channel, label, id, { appendSamples: rows });
      return;
    }
    const endPoint = appearance.lastMatch;
    const endRow = rows.find(
      (r) => r.mediaSequence === endPoint.frame.mediaSequence && r.index === endPoint.frame.index,
    );
    const existing = endRow ? undefined : await this.parts.appearances.get(channel, label, id);
    const endFrame =
      endRow?.frame ??
      existing?.samples.find(
        (r) => r.mediaSequence === endPoint.frame.mediaSequence && r.index === endPoint.frame.index,
      )?.frame ??
      existing?.startFrame ??
      '';
    const end = { time: endPoint.time, frame: endFrame, appendSamples: rows };
    let closed = await this.parts.appearances.close(channel, label, id, end);
    if (!closed.closed && closed.reason === 'not-found' && (await ensureOpen()))
      closed = await this.parts.appearances.close(channel, label, id, end);
  }

  async publishFeeds(channel: string, labels: readonly string[]): Promise<void> {
    await this.parts.publishFeeds(channel, labels);
  }
}
