/**
 * One prekog invocation: clip bounds for an appearance (provisional while it is open — never a
 * sleep-poll for the future), then, when it has closed, the clip through libs/delta. Idempotent
 * on the appearance id: a retried or duplicated invoke finds the clip id already recorded (and
 * libs/delta itself returns the existing clip for the same bounds).
 */
import { keepCutThumbnails, type ClipCut, type ClipperStore, type ClipRecord } from '@catfinder/delta';
import { frameLabel, type LogSink } from '@catfinder/store';
import { computeClipBounds, type ClipBounds, type SampleRow } from './clip-bounds';
import { BoundsError } from './errors';
import type { PrekogEvent } from './events';
import { FrameTimeline } from './frame-timeline';
import { NO_METRICS, type MetricsSink } from './metrics';
import type { ClipMaker, PrekogStore, SegmentFacts } from './ports';

/** The log sink is libs/store's (one definition for parse, prekog and the local stack). */
export type { LogSink };

export interface PrekogDeps {
  readonly store: PrekogStore;
  /** Created lazily: an `opened` event never needs the clipper. */
  readonly clipper: () => Promise<ClipMaker>;
  readonly logger: LogSink;
  /** CloudWatch metrics (EMF). @default NO_METRICS */
  readonly metrics?: MetricsSink;
  /**
   * The bucket the clip's scene thumbnails are copied into (`clips/<channel>/cuts/…`), so a kept
   * clip keeps its pictures after `samples/` expires. The wiring always gives it; without it
   * (an in-memory caller such as tools/scan) the cuts keep their sample keys.
   */
  readonly thumbnails?: Pick<ClipperStore, 'getObject' | 'putObject'>;
}

export type PrekogResult =
  | { readonly status: 'provisional'; readonly appearanceId: string; readonly bounds: ClipBounds }
  | { readonly status: 'duplicate'; readonly appearanceId: string; readonly clipId?: string }
  | {
      readonly status: 'clipped';
      readonly appearanceId: string;
      readonly clip: ClipRecord;
      readonly created: boolean;
      readonly bounds: ClipBounds;
    };

/** Samples read on either side of the appearance (one query each way). */
const SAMPLE_LIMIT = 600;
/**
 * Segments read past the last sample when a break closed the appearance: samples are at most a
 * sample interval apart, so the recorded run ends within a few segments of the last one.
 */
const BREAK_LOOKAHEAD_SEGMENTS = 3;

export async function runPrekog(event: PrekogEvent, deps: PrekogDeps): Promise<PrekogResult> {
  const { store, logger } = deps;
  const { channel, label, appearanceId } = event;
  const log = { channel, label, appearanceId, kind: event.kind, idempotencyKey: event.idempotencyKey };
  const started = Date.now();

  const existing = await store.getAppearanceClip(channel, label, appearanceId);
  if (existing?.clipId !== undefined) {
    logger.info('appearance already has its clip; nothing to do', { ...log, clipId: existing.clipId });
    return { status: 'duplicate', appearanceId, clipId: existing.clipId };
  }

  const bounds = await boundsFor(event, store);
  if (event.kind === 'opened') {
    await store.saveProvisionalBounds(channel, label, appearanceId, bounds);
    logger.info('provisional clip bounds recorded', { ...log, bounds, ms: Date.now() - started });
    return { status: 'provisional', appearanceId, bounds };
  }

  const epoch = event.epoch ?? 0;
  const segments = await store.segments(channel, bounds.end.mediaSequence, bounds.end.mediaSequence, epoch);
  const lastSeen = segments[0]?.firstSeenAt;
  const sampled = await cutsInside(channel, epoch, bounds, store);
  const cuts = deps.thumbnails
    ? await keepCutThumbnails(deps.thumbnails, sampled, (sampleKey, error) =>
        logger.warn('cut thumbnail left off the clip: its sample could not be copied', {
          ...log,
          sampleKey,
          error: String(error),
        }),
      )
    : sampled;
  const { cutShortBy } = bounds;
  const clipper = await deps.clipper();
  const result = await clipper.createClip({
    channel,
    label,
    startFrame: { ...bounds.start, time: new Date(bounds.startTime).toISOString() },
    endFrame: { ...bounds.end, time: new Date(bounds.endTime).toISOString() },
    frameRate: bounds.frameRate,
    cuts,
    detectorCalls: event.detectorCalls,
    ...(cutShortBy === undefined ? {} : { cutShortBy }),
    ...(epoch > 0 ? { epoch } : {}),
    ...(lastSeen === undefined ? {} : { lastSegmentSeenAt: new Date(lastSeen).toISOString() }),
  });
  await store.saveClipId(channel, label, appearanceId, result.clip.id);
  countClip(deps.metrics ?? NO_METRICS, channel, result.clip, result.created);
  logger.info('clip for appearance', {
    ...log,
    clipId: result.clip.id,
    status: result.clip.status,
    created: result.created,
    reason: result.clip.reason,
    cutShortBy,
    frameCount: result.clip.frameCount,
    latencySeconds: result.clip.latencySeconds,
    detectorCalls: event.detectorCalls,
    bounds,
    timings: result.timings,
    ms: Date.now() - started,
  });
  return { status: 'clipped', appearanceId, clip: result.clip, created: result.created, bounds };
}

/** A clip made by this invocation counts once: ready (with its latency) or failed. */
function countClip(metrics: MetricsSink, channel: string, clip: ClipRecord, created: boolean): void {
  if (!created) return;
  if (clip.status === 'ready') {
    metrics.add(channel, 'ClipsReady', 1);
    if (clip.cutShortBy !== undefined) metrics.add(channel, 'ClipsCutShort', 1);
    if (clip.latencySeconds !== undefined) metrics.add(channel, 'ClipLatency', clip.latencySeconds);
  } else if (clip.status === 'failed') {
    metrics.add(channel, 'ClipsFailed', 1);
  }
}

/** Reads the samples and segments around the appearance and computes its bounds. */
export async function boundsFor(event: PrekogEvent, store: PrekogStore): Promise<ClipBounds> {
  const { channel, appearanceId } = event;
  const reachMs = event.maxClipSeconds * 1000;
  const first = await store.sampleAt(
    channel,
    event.firstMatch.time,
    event.firstMatch.frame.mediaSequence,
    event.firstMatch.frame.index,
  );
  if (!first)
    throw new BoundsError(
      appearanceId,
      `first matching sample ${event.firstMatch.frame.mediaSequence}/${event.firstMatch.frame.index} is not in the frames table`,
    );
  const epoch = event.epoch ?? 0;
  const before = (
    await store.samplesBefore(channel, event.firstMatch.time, SAMPLE_LIMIT, {
      epoch,
      since: Math.max(0, event.firstMatch.time - reachMs),
    })
  ).filter((s) => event.firstMatch.time - s.time <= reachMs);
  // Forward only up to the sample that closed it, so the bounds never depend on when prekog runs;
  // a gap or restart closed it without one: what was recorded after the last match, to the break.
  const reason = event.closeReason;
  const closedByBreak =
    event.kind === 'closed' && event.closedBy === undefined && (reason === 'gap' || reason === 'reset')
      ? reason
      : undefined;
  // The playlist's end closed it: what was recorded after the last match, to the end of the stream.
  const closedByEnd = event.kind === 'closed' && event.closedBy === undefined && reason === 'ended';
  const closedAt = event.closedBy?.time ?? (closedByBreak || closedByEnd ? event.lastMatch.time + reachMs : undefined);
  const after =
    event.kind === 'closed' && closedAt !== undefined
      ? await store.samplesAfter(channel, event.lastMatch.time, closedAt, SAMPLE_LIMIT, { epoch })
      : [];

  const rollSegments = (seconds: number): number => Math.ceil(seconds) + 1;
  const seqs = [first, event.lastMatch, ...before, ...after].map((s) => s.frame.mediaSequence);
  const from = Math.max(0, Math.min(...seqs) - rollSegments(event.preRollSeconds));
  const to =
    Math.max(...seqs) +
    rollSegments(event.postRollSeconds) +
    (closedByBreak || closedByEnd ? BREAK_LOOKAHEAD_SEGMENTS : 0);
  const facts = await store.segments(channel, from, to, epoch);
  const home = facts.find((s) => s.mediaSequence === first.frame.mediaSequence);
  if (!home)
    throw new BoundsError(appearanceId, `segment ${first.frame.mediaSequence} holding the first match is not recorded`);
  const timeline = new FrameTimeline(
    facts.filter((s: SegmentFacts) => s.discontinuitySequence === home.discontinuitySequence),
  );
  return computeClipBounds({
    appearanceId,
    firstMatch: first,
    lastMatch: event.lastMatch,
    before,
    after,
    open: event.kind === 'opened',
    ...(closedByBreak ? { closedByBreak } : {}),
    ...(closedByEnd ? { closedByEnd } : {}),
    epoch,
    preRollSeconds: event.preRollSeconds,
    postRollSeconds: event.postRollSeconds,
    maxClipSeconds: event.maxClipSeconds,
    timeline,
  });
}

/** Scene cuts inside the clip, for its timeline on the dashboard. */
async function cutsInside(channel: string, epoch: number, bounds: ClipBounds, store: PrekogStore): Promise<ClipCut[]> {
  const rows: SampleRow[] = await store.samplesAfter(channel, bounds.startTime - 1, bounds.endTime, SAMPLE_LIMIT, {
    epoch,
  });
  return rows
    .filter((s) => s.isCut)
    .map((s) => ({
      time: new Date(s.time).toISOString(),
      frame: frameLabel(s.time, bounds.frameRate),
      ...(s.imageKey ? { thumbnailUrl: s.imageKey } : {}),
    }));
}
