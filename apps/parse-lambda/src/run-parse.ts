/**
 * One parse run, as DESIGN.md's data flow: follow the live playlist for most of the time budget,
 * claim each new segment exactly once, process it, advance the appearances, tell prekog about
 * openings and closings, publish the feeds. One run per channel at a time (a run lease); a
 * second, overlapping run waits for the lease and then carries on from the cursor, so scheduled
 * runs cover the stream with no hole and no double work.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SamplingCarry } from '@catfinder/media';
import { segmentArchiveKey } from '@catfinder/store';
import type { AppearanceEvent, AppearanceState } from './appearance';
import type { DashboardSink } from './dashboard-sink';
import { SegmentBudget } from './budget';
import type { ParseConfig } from './config';
import { prekogEventFor, type LambdaContextLike } from './events';
import type { ChannelCursor, Detector, LiveEvent, LiveSegment, LiveSource, ParseStore, PrekogInvoker } from './ports';
import { processSegment } from './process-segment';
import { interruptAll, trackAppearances } from './track-appearances';

export interface LogSink {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export interface ParseDeps {
  /** Opens the live source, resuming from the state the previous run saved. */
  readonly openSource: (state: unknown) => LiveSource;
  readonly store: ParseStore;
  /** Loaded lazily: the first segment with samples pays for it, an idle run never does. */
  readonly detector: () => Promise<Detector>;
  readonly prekog: PrekogInvoker;
  readonly logger: LogSink;
  /** The dashboard's health / all-labels / recent feeds (dashboard-sink.ts). @default none */
  readonly dashboard?: DashboardSink;
}

export interface RunOptions {
  /** Time a segment is assumed to take before one is measured. @default 10000 */
  readonly initialSegmentEstimateMs?: number;
  /** Kept free at the end of the run. @default 3000 */
  readonly safetyMarginMs?: number;
  /** Longest single wait for a playlist reload. @default 2000 */
  readonly maxPollWaitMs?: number;
  /** Claim lease of one segment. @default 120000 */
  readonly segmentLeaseMs?: number;
  /** Attempts per segment when the failure may be passing (store, network). @default 3 */
  readonly segmentAttempts?: number;
}

export interface ParseSummary {
  readonly channel: string;
  readonly owner: string;
  readonly segments: number;
  readonly skippedClaimed: number;
  readonly failedSegments: number;
  /** Segments this run gave back (status `released`) after a passing failure and did not get to retry. */
  readonly releasedSegments: number;
  readonly gaps: number;
  readonly resets: number;
  readonly samples: number;
  readonly detectorCalls: number;
  readonly detectorErrors: number;
  readonly appearancesOpened: number;
  readonly appearancesClosed: number;
  readonly prekogInvokes: number;
  readonly errors: number;
  readonly lastSequence?: number;
  readonly waitedForLeaseMs: number;
  readonly analyseMs: number[];
  readonly durationMs: number;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, Math.max(0, ms));
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

/** Stage at which a segment failed: fetch and media problems are the segment's, the rest may pass. */
class StageError extends Error {
  constructor(readonly stage: 'fetch' | 'process' | 'store', cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'StageError';
  }
}

export async function runParse(config: ParseConfig, deps: ParseDeps, context: LambdaContextLike, options: RunOptions = {}): Promise<ParseSummary> {
  const started = Date.now();
  const channel = config.channelId;
  const owner = `${context.awsRequestId ?? 'local'}-${randomUUID().slice(0, 8)}`;
  const { store, logger } = deps;
  const budget = new SegmentBudget({
    ...(options.initialSegmentEstimateMs === undefined ? {} : { initialEstimateMs: options.initialSegmentEstimateMs }),
    ...(options.safetyMarginMs === undefined ? {} : { safetyMarginMs: options.safetyMarginMs }),
  });
  const remaining = (): number => context.getRemainingTimeInMillis();
  const leaseUntil = (): number => Date.now() + remaining();
  const controller = new AbortController();
  const counts = {
    segments: 0, skippedClaimed: 0, failedSegments: 0, releasedSegments: 0, gaps: 0, resets: 0, samples: 0, detectorCalls: 0,
    detectorErrors: 0, appearancesOpened: 0, appearancesClosed: 0, prekogInvokes: 0, errors: 0, waitedForLeaseMs: 0,
  };
  const analyseMs: number[] = [];
  const summary = (lastSequence?: number): ParseSummary => ({
    channel, owner, ...counts, ...(lastSequence === undefined ? {} : { lastSequence }), analyseMs, durationMs: Date.now() - started,
  });

  // One run per channel: wait for an overlapping run to finish, as long as time allows.
  const waitStart = Date.now();
  while (!(await store.acquireRun(channel, owner, leaseUntil()))) {
    if (!budget.canStartSegment(remaining() - 1000)) {
      counts.waitedForLeaseMs = Date.now() - waitStart;
      logger.info('another run holds the channel; nothing to do', { channel, waitedMs: counts.waitedForLeaseMs });
      const s = summary();
      logger.info('parse run summary', { summary: s });
      return s;
    }
    await sleep(500);
  }
  counts.waitedForLeaseMs = Date.now() - waitStart;

  const workDir = await mkdtemp(join(tmpdir(), `catfinder-parse-${channel}-`));
  const stored = await store.readCursor(channel);
  const source = deps.openSource(stored?.source);
  let lastSequence = stored?.lastSequence;
  let discontinuity = stored?.discontinuitySequence;
  let states: Record<string, AppearanceState> = { ...(stored?.appearances ?? {}) };
  let carry: SamplingCarry | undefined = stored?.carry;
  let previousPath: string | undefined;
  let previousSamplesDir: string | undefined;
  let detector: Detector | undefined;
  const attempts = new Map<number, number>();
  // Segments this run still holds because giving them back (release) or recording them failed
  // (fail) did not reach the store, e.g. while DynamoDB restarts. The retry reuses the token — a
  // fresh claim would find this run's own lease and skip the segment, leaving it claimed with the
  // cursor past it — and the run's end settles whatever is left, so no claim outlives the run.
  const held = new Map<number, { token: string; settle: 'release' | 'fail'; reason: string }>();
  // Released by this run and not (yet) claimed again: the next run retries them.
  const givenBack = new Set<number>();
  // Set when a cursor write finds another run's version: this run stops at once.
  let leaseLost = false;
  // Segments polled but not yet handled; a passing failure leaves its segment at the head.
  const queue: LiveSegment[] = [];
  let ended = false;

  const notify = async (events: readonly AppearanceEvent[]): Promise<void> => {
    for (const event of events) {
      const trigger = config.triggers.find((t) => t.label === event.appearance.label);
      const payload = prekogEventFor(event.appearance, {
        preRollSeconds: trigger?.preRollSeconds ?? 0,
        postRollSeconds: trigger?.postRollSeconds ?? 0,
        maxClipSeconds: config.maxClipSeconds,
      });
      if (event.type === 'opened') counts.appearancesOpened++;
      else counts.appearancesClosed++;
      try {
        await deps.prekog.invoke(payload);
        counts.prekogInvokes++;
        logger.info(`appearance ${event.type}`, { channel, label: payload.label, appearanceId: payload.appearanceId, reason: payload.closeReason });
      } catch (error) {
        counts.errors++;
        logger.error('prekog invoke failed', { channel, appearanceId: payload.appearanceId, kind: payload.kind, error: String(error) });
      }
    }
  };

  const saveCursor = async (): Promise<void> => {
    const persistedCarry = carry ? withoutBoundary(carry) : undefined;
    const cursor: ChannelCursor = {
      ...(lastSequence === undefined ? {} : { lastSequence }),
      discontinuitySequence: discontinuity ?? 0,
      ...(persistedCarry ? { carry: persistedCarry } : {}),
      appearances: states,
      source: source.stateAfter(lastSequence),
    };
    try {
      await store.writeCursor(channel, cursor);
    } catch (error) {
      if ((error as Error).name === 'RunLeaseLostError') {
        leaseLost = true;
        logger.warn('run lease lost to another run; stopping', { channel, error: (error as Error).message });
      }
      throw error;
    }
  };

  /** Ends the timeline: open appearances close, the sampling rhythm and boundary restart. */
  const breakTimeline = async (reason: 'gap' | 'reset'): Promise<void> => {
    const r = interruptAll(states, reason);
    states = r.states;
    for (const e of r.events) if (e.type === 'closed') await store.saveAppearance(e.appearance, []);
    await notify(r.events);
    carry = undefined;
    previousPath = undefined;
  };

  /** Gives back or records as failed each segment the run still holds (best effort: leases expire). */
  const settleHeld = async (): Promise<void> => {
    for (const [seq, h] of held) {
      try {
        if (h.settle === 'fail') await store.failSegment(channel, seq, h.token, h.reason);
        else if (await store.releaseSegment(channel, seq, h.token, h.reason)) givenBack.add(seq);
        held.delete(seq);
      } catch (e) {
        logger.error('segment left claimed at the end of the run (its lease expires)', { channel, sequence: seq, settle: h.settle, error: String(e) });
      }
    }
  };

  const handleEvent = async (event: LiveEvent): Promise<void> => {
    switch (event.type) {
      case 'gap':
        counts.gaps++;
        logger.warn('gap: segments left the playlist before they were processed', { channel, fromSequence: event.fromSequence, toSequence: event.toSequence });
        await store.recordGap(channel, event.fromSequence, event.toSequence);
        await breakTimeline('gap');
        lastSequence = Math.max(lastSequence ?? -1, event.toSequence);
        await saveCursor();
        break;
      case 'reset':
        counts.resets++;
        logger.warn('playlist reset: new timeline', { channel, detail: event.detail });
        await breakTimeline('reset');
        lastSequence = undefined;
        queue.length = 0;
        await saveCursor();
        break;
      case 'stalled':
        logger.warn('playlist stalled', { channel, detail: event.detail });
        break;
      case 'ended':
        logger.info('playlist ended', { channel });
        ended = true;
        break;
    }
  };

  /**
   * After a segment is stored: save the cursor, tell prekog, publish the feeds, drop the previous
   * segment's files. A failure here is logged; the next segment or the run's end saves the cursor
   * and publishes again (a lost run lease is flagged by saveCursor and stops the loop).
   */
  const afterSegment = async (tracked: { sightings: readonly unknown[]; events: readonly AppearanceEvent[] }, previous?: string, previousDir?: string): Promise<void> => {
    const attempt = async (what: string, step: () => Promise<unknown>): Promise<void> => {
      try {
        await step();
      } catch (error) {
        counts.errors++;
        logger.error(`${what} failed after the segment was stored`, { channel, sequence: lastSequence, error: String(error) });
      }
    };
    await attempt('saving the cursor', saveCursor);
    await notify(tracked.events);
    // Feeds change only with a sighting or an appearance; the run's end publishes once more anyway.
    if (tracked.sightings.length > 0 || tracked.events.length > 0) await attempt('publishing the feeds', () => store.publishFeeds(channel, config.triggers.map((t) => t.label)));
    // The previous segment's files are no longer needed; this one's boundary frames are.
    if (previous && previous !== previousPath) await rm(previous, { force: true });
    if (previousDir && previousDir !== previousSamplesDir) await rm(previousDir, { recursive: true, force: true });
  };

  const handleSegment = async (segment: LiveSegment): Promise<'done' | 'retry' | 'skipped'> => {
    const seq = segment.mediaSequence;
    const t0 = Date.now();
    if (discontinuity !== undefined && segment.discontinuitySequence !== discontinuity) {
      // A discontinuity starts a new timeline: nothing carries across it.
      await breakTimeline('reset');
    }
    discontinuity = segment.discontinuitySequence;
    const kept = held.get(seq);
    held.delete(seq);
    givenBack.delete(seq);
    let token: string | undefined;
    try {
      token = kept?.token ?? await store.claimSegment(
        {
          channel, mediaSequence: seq, startTime: segment.startTime, duration: segment.duration, firstSeenAt: segment.firstSeenAt,
          discontinuitySequence: segment.discontinuitySequence, clock: segment.clock, uri: segment.uri,
        },
        owner,
        options.segmentLeaseMs ?? 120_000,
      );
    } catch (error) {
      // The store is unreachable (e.g. DynamoDB restarting) and nothing is held yet: try again
      // after a pause, a bounded number of times, then stop the run (the next run resumes here).
      counts.errors++;
      const tries = (attempts.get(seq) ?? 0) + 1;
      attempts.set(seq, tries);
      if (tries >= (options.segmentAttempts ?? 3)) throw error;
      logger.error('segment claim failed; will retry', { channel, sequence: seq, attempt: tries, error: String((error as Error).message) });
      return 'retry';
    }
    if (token === undefined) {
      counts.skippedClaimed++;
      logger.info('segment already claimed by another run; skipped', { channel, sequence: seq });
      lastSequence = seq;
      carry = undefined;
      previousPath = undefined;
      await saveCursor();
      return 'skipped';
    }

    try {
      const bytes = await source.fetchSegment(segment, controller.signal).catch((e: unknown) => {
        throw new StageError('fetch', e);
      });
      detector ??= await deps.detector();
      if (!previousPath && carry && lastSequence === seq - 1) {
        // A new process continues the timeline of the previous run: score frame 0 against the archive.
        previousPath = await fetchArchived(store, channel, seq - 1, segment.extension, workDir);
      }
      const processed = await processSegment(
        {
          channel, segment, bytes, workDir, signal: controller.signal, triggers: config.triggers,
          ...(previousPath ? { previousPath } : {}),
          ...(carry ? { carry } : {}),
          cutThreshold: config.cutThreshold,
          sampleIntervalSeconds: config.sampleIntervalSeconds,
          analysisMaxWidth: config.analysisMaxWidth,
          detectConcurrency: config.detectConcurrency,
        },
        { store, detector },
      ).catch((e: unknown) => {
        throw new StageError(isStoreError(e) ? 'store' : 'process', e);
      });
      // The segment's writes are idempotent and the run's in-memory state changes only once all of
      // them are stored — completing the claim last — so a store failure anywhere here retries the
      // segment from the same state (same previous segment, same carry, same appearances).
      const tracked = trackAppearances(states, processed.samples, config.triggers, { channel, exitSamples: config.exitSamples, maxClipSeconds: config.maxClipSeconds });
      await store.recordSightings(tracked.sightings);
      // Closings before openings: a max-length close and the reopening share one sample.
      const samplesOf = (id: string) => tracked.samplesByAppearance.get(id) ?? [];
      for (const e of tracked.events) await store.saveAppearance(e.appearance, samplesOf(e.appearance.id));
      const justSaved = new Set(tracked.events.map((e) => e.appearance.id));
      for (const state of Object.values(tracked.states)) {
        if (state.status === 'open' && !justSaved.has(state.id)) await store.saveAppearance(state, samplesOf(state.id));
      }
      await store.completeSegment(processed.record, token);

      // Done: from here on a failure is logged, never a reason to process the segment again.
      states = tracked.states;
      const previous = previousPath;
      const previousDir = previousSamplesDir;
      previousPath = processed.localPath;
      previousSamplesDir = processed.samplesDir;
      carry = processed.analysis.carry;
      lastSequence = seq;
      await afterSegment(tracked, previous, previousDir);

      counts.segments++;
      counts.samples += processed.samples.length;
      counts.detectorCalls += processed.detectorCalls;
      counts.detectorErrors += processed.detectorErrors;
      counts.errors += processed.detectorErrors;
      analyseMs.push(processed.timings.analyseMs);
      await deps.dashboard?.segmentDone(channel, { sequence: seq, endTime: segment.startTime + segment.duration * 1000, detectorCalls: processed.detectorCalls, detectorErrors: processed.detectorErrors, samples: processed.samples, watched: config.triggers.map((t) => t.label) })
        .catch((e: unknown) => logger.error('could not update the dashboard feeds', { channel, sequence: seq, error: String(e) }));
      budget.record(Date.now() - t0);
      logger.info('segment processed', {
        channel, sequence: seq, frames: processed.record.frameCount, samples: processed.samples.length,
        cuts: processed.analysis.cuts.length, boundaryScored: processed.analysis.boundaryScored, detectorCalls: processed.detectorCalls, detectorErrors: processed.detectorErrors,
        timings: processed.timings, totalMs: Date.now() - t0,
      });
      return 'done';
    } catch (error) {
      counts.errors++;
      const stage = error instanceof StageError ? error.stage : 'store';
      const tries = (attempts.get(seq) ?? 0) + 1;
      attempts.set(seq, tries);
      const passing = stage === 'store' && tries < (options.segmentAttempts ?? 3);
      logger.error(passing ? 'segment failed; will retry' : 'segment failed; recorded', { channel, sequence: seq, stage, attempt: tries, error: String((error as Error).message) });
      budget.record(Date.now() - t0);
      const reason = `${stage}: ${(error as Error).message}`;
      await deps.dashboard?.error(channel, `segment ${seq}: ${reason}`).catch(() => undefined);
      if (passing) {
        await store.releaseSegment(channel, seq, token, reason).then(
          (released) => {
            if (released) givenBack.add(seq);
          },
          (e: unknown) => {
            held.set(seq, { token, settle: 'release', reason });
            logger.warn('could not release the segment; the retry keeps its claim', { channel, sequence: seq, error: String(e) });
          },
        );
        return 'retry';
      }
      counts.failedSegments++;
      await store.failSegment(channel, seq, token, reason).catch((e: unknown) => {
        held.set(seq, { token, settle: 'fail', reason });
        logger.error('could not record the failed segment; retried at the end of the run', { channel, sequence: seq, error: String(e) });
      });
      // Frames of this segment are missing: appearances cannot run across it.
      await breakTimeline('gap').catch((e: unknown) => logger.error('could not close appearances', { channel, error: String(e) }));
      lastSequence = seq;
      await saveCursor().catch((e: unknown) => logger.error('could not save the cursor', { channel, error: String(e) }));
      return 'done';
    }
  };

  try {
    while (!ended || queue.length > 0) {
      if (!budget.canStartSegment(remaining())) break;
      if (queue.length === 0) {
        const maxWait = Math.min(options.maxPollWaitMs ?? 2000, Math.max(0, remaining() - budget.estimateMs() - budget.safetyMarginMs));
        try {
          const polled = await source.poll(maxWait, controller.signal);
          for (const event of polled.events) await handleEvent(event);
          queue.push(...polled.segments.filter((s) => lastSequence === undefined || s.mediaSequence > lastSequence));
        } catch (error) {
          counts.errors++;
          logger.error('playlist poll failed', { channel, error: String(error) });
          await sleep(Math.min(1000, maxWait));
        }
        continue;
      }
      const segment = queue[0]!;
      if (leaseLost) break;
      const result = await handleSegment(segment);
      if (result === 'retry') await sleep(1000);
      else queue.shift();
    }
  } catch (error) {
    counts.errors++;
    logger.error('parse run stopped by an error', { channel, error: String(error), stack: (error as Error).stack });
    await deps.dashboard?.error(channel, `run stopped: ${String(error)}`).catch(() => undefined);
  } finally {
    controller.abort();
    await settleHeld();
    counts.releasedSegments = givenBack.size;
    await store.publishFeeds(channel, config.triggers.map((t) => t.label)).catch((e: unknown) => {
      counts.errors++;
      logger.error('could not publish feeds', { channel, error: String(e) });
    });
    await deps.dashboard?.runEnded(channel).catch((e: unknown) => logger.warn('could not publish health.json', { channel, error: String(e) }));
    await store.releaseRun(channel, owner).catch((e: unknown) => logger.warn('could not release the run lease (it expires)', { channel, error: String(e) }));
    await rm(workDir, { recursive: true, force: true });
  }
  const s = summary(lastSequence);
  logger.info('parse run summary', { summary: { ...s, analyseMs: undefined, analyseP50Ms: median(analyseMs) } });
  return s;
}

function withoutBoundary(carry: SamplingCarry): SamplingCarry {
  const { boundary: _boundary, ...rest } = carry;
  return rest;
}

async function fetchArchived(store: ParseStore, channel: string, seq: number, ext: string, workDir: string): Promise<string | undefined> {
  if (seq < 0) return undefined;
  const bytes = await store.getObject(segmentArchiveKey(channel, seq, ext));
  if (!bytes) return undefined;
  const { writeFile } = await import('node:fs/promises');
  const path = join(workDir, `${seq}.${ext}`);
  await writeFile(path, bytes);
  return path;
}

function isStoreError(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  return name.startsWith('Store') || /ECONNREFUSED|ECONNRESET|socket hang up|TimeoutError/i.test(String(error));
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
