/**
 * ParseStore over libs/store. The channel's cursor item (optimistic version) doubles as the run
 * lease: taking it is a conditional write, so two overlapping runs can never both hold the
 * channel, and a run that lost it finds out on its next cursor write.
 */
import type { FollowerState } from '@catfinder/hls';
import type { SamplingCarry } from '@catfinder/media';
import type { AppearanceStore, FrameStore, JsonObject, LabelStore, ObjectStore, RunLease, RunState, SegmentStore } from '@catfinder/store';
import type { ClosedAppearance, OpenAppearance } from './appearance';
import { RunLeaseLostError } from './errors';
import type { AppearanceSample, ChannelCursor, ParseStore, SampleRecord, SegmentRecord } from './ports';

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

/** Longest run of missing sequences written one by one as gap records. */
const MAX_GAP_RECORDS = 500;

export function createParseStore(parts: StoreParts): ParseStore {
  const now = parts.now ?? Date.now;
  const versions = new Map<string, number | undefined>();
  const leases = new Map<string, RunLease>();

  const readRaw = async (channel: string) => {
    const c = await parts.segments.getCursor(channel);
    versions.set(channel, c?.version);
    return c;
  };

  const put = async (channel: string, next: { lastMediaSequence: number; discontinuitySequence?: number; carry?: JsonObject; run: RunState }): Promise<boolean> => {
    const result = await parts.segments.putCursor(channel, next, versions.get(channel));
    if (result.ok) versions.set(channel, result.version);
    else versions.set(channel, result.current?.version);
    return result.ok;
  };

  return {
    async acquireRun(channel, owner, untilMs) {
      const current = await readRaw(channel);
      const run = current?.run ?? { hasLast: false };
      if (run.lease && run.lease.owner !== owner && run.lease.until > now()) return false;
      leases.set(channel, { owner, until: untilMs });
      return put(channel, {
        lastMediaSequence: current?.lastMediaSequence ?? 0,
        ...(current?.discontinuitySequence === undefined ? {} : { discontinuitySequence: current.discontinuitySequence }),
        ...(current?.carry === undefined ? {} : { carry: current.carry }),
        run: { ...run, lease: { owner, until: untilMs } },
      });
    },
    async releaseRun(channel, owner) {
      const current = await readRaw(channel);
      if (!current || current.run.lease?.owner !== owner) return;
      const { lease: _lease, ...rest } = current.run;
      await put(channel, {
        lastMediaSequence: current.lastMediaSequence,
        ...(current.discontinuitySequence === undefined ? {} : { discontinuitySequence: current.discontinuitySequence }),
        ...(current.carry === undefined ? {} : { carry: current.carry }),
        run: rest,
      });
    },
    async readCursor(channel) {
      const current = await readRaw(channel);
      if (!current) return undefined;
      const { run } = current;
      return {
        ...(run.hasLast ? { lastSequence: current.lastMediaSequence } : {}),
        discontinuitySequence: current.discontinuitySequence ?? 0,
        ...(current.carry === undefined ? {} : { carry: fromJson<SamplingCarry>(current.carry) }),
        appearances: run.appearances ?? {},
        ...(run.source === undefined ? {} : { source: fromJson<FollowerState>(run.source) }),
      };
    },
    async writeCursor(channel, cursor) {
      // Conditional on the version this run last wrote: another run's write makes it fail.
      const lease = leases.get(channel);
      const next = {
        lastMediaSequence: cursor.lastSequence ?? 0,
        discontinuitySequence: cursor.discontinuitySequence,
        ...(cursor.carry === undefined ? {} : { carry: toJson(cursor.carry) }),
        run: { hasLast: cursor.lastSequence !== undefined, ...(lease ? { lease } : {}), appearances: cursor.appearances, ...(cursor.source === undefined ? {} : { source: toJson(cursor.source) }) },
      };
      if (await put(channel, next)) return;
      // A write of ours may have been applied although its answer was lost (e.g. DynamoDB went
      // away mid-call): if the stored cursor still carries our lease, it is still ours.
      const current = await readRaw(channel);
      const holder = current?.run.lease;
      if (lease && holder?.owner === lease.owner && (await put(channel, next))) return;
      throw new RunLeaseLostError(channel, `the cursor was written by another run (lease holder ${holder?.owner ?? 'none'})`);
    },
    async claimSegment(segment, owner, leaseMs) {
      const result = await parts.segments.claim(segment.channel, segment.mediaSequence, {
        owner,
        leaseMs,
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
    },
    async completeSegment(record: SegmentRecord, token: string) {
      const result = await parts.segments.complete(record.channel, record.mediaSequence, token, {
        archiveKey: record.archiveKey,
        ...(record.initKey === undefined ? {} : { initKey: record.initKey }),
        timeline: { firstSeenAt: record.firstSeenAt, frameCount: record.frameCount, frameRate: record.frameRate, width: record.width, height: record.height },
      });
      if (!result.ok) throw new RunLeaseLostError(record.channel, `segment ${record.mediaSequence}: ${result.reason}`);
    },
    async releaseSegment(channel, mediaSequence, token, reason) {
      return (await parts.segments.release(channel, mediaSequence, token, reason)).ok;
    },
    async failSegment(channel, mediaSequence, token, reason) {
      await parts.segments.fail(channel, mediaSequence, token, reason.slice(0, 1000));
    },
    async recordGap(channel, fromSequence, toSequence) {
      const last = Math.min(toSequence, fromSequence + MAX_GAP_RECORDS - 1);
      for (let seq = fromSequence; seq <= last; seq++) {
        const claim = await parts.segments.claim(channel, seq, { owner: 'gap', leaseMs: 1000 });
        if (claim.claimed) await parts.segments.fail(channel, seq, claim.token, 'gap: left the live playlist before it was processed');
      }
    },
    async putObject(key, body, contentType) {
      await parts.objects.put(key, body, { contentType });
    },
    async getObject(key) {
      return parts.objects.getBytes(key);
    },
    async putSamples(samples: readonly SampleRecord[]) {
      if (samples.length === 0) return;
      await parts.frames.putMany(
        samples[0]!.channel,
        samples.map((s) => ({
          mediaSequence: s.mediaSequence,
          index: s.index,
          time: s.time,
          frame: s.frameLabel,
          sceneScore: s.sceneScore,
          isCut: s.isCut,
          imageKey: s.imageKey,
          ...(s.labels === null ? {} : { observation: s.labels }),
          ...(s.labelModelVersion === undefined ? {} : { labelModelVersion: s.labelModelVersion }),
          matchedLabels: s.matchedLabels,
        })),
      );
    },
    async recordSightings(sightings) {
      for (const s of sightings) {
        await parts.labels.recordSighting(s.channel, s.label, { time: s.time, mediaSequence: s.mediaSequence, index: s.index, frame: s.frameLabel, confidence: s.confidence, thumbnailKey: s.thumbnailKey });
      }
    },
    async saveAppearance(appearance: OpenAppearance | ClosedAppearance, samples: readonly AppearanceSample[]) {
      const { channel, label, id } = appearance;
      const rows = samples.map((s) => ({
        time: s.time, frame: s.frameLabel, mediaSequence: s.frame.mediaSequence, index: s.frame.index,
        imageKey: s.imageKey, confidence: s.confidence, matched: s.matched, isCut: s.isCut,
      }));
      const ensureOpen = async (): Promise<boolean> => {
        const first = rows.find((r) => r.mediaSequence === appearance.firstMatch.frame.mediaSequence && r.index === appearance.firstMatch.frame.index);
        if (!first) return false;
        const opened = await parts.appearances.open(channel, label, first);
        return opened.opened || opened.existing.id === id;
      };
      if (appearance.status === 'open') {
        let result = await parts.appearances.update(channel, label, id, { appendSamples: rows });
        if (!result.ok && result.reason === 'not-found' && (await ensureOpen())) result = await parts.appearances.update(channel, label, id, { appendSamples: rows });
        return;
      }
      const endPoint = appearance.lastMatch;
      const endRow = rows.find((r) => r.mediaSequence === endPoint.frame.mediaSequence && r.index === endPoint.frame.index);
      const existing = endRow ? undefined : await parts.appearances.get(channel, label, id);
      const endFrame = endRow?.frame ?? existing?.samples.find((r) => r.mediaSequence === endPoint.frame.mediaSequence && r.index === endPoint.frame.index)?.frame ?? existing?.startFrame ?? '';
      const end = { time: endPoint.time, frame: endFrame, appendSamples: rows };
      let closed = await parts.appearances.close(channel, label, id, end);
      if (!closed.closed && closed.reason === 'not-found' && (await ensureOpen())) closed = await parts.appearances.close(channel, label, id, end);
    },
    async publishFeeds(channel, labels) {
      await parts.publishFeeds(channel, labels);
    },
  };
}
