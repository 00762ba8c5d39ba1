/**
 * One parse run in named steps — acquire → follow → claim → process → record → settle — as
 * DESIGN.md's data flow: follow the live playlist for most of the time budget, claim each new
 * segment exactly once, process it, advance the appearances, tell prekog about openings and
 * closings, publish the feeds. One run per channel at a time (a run lease); a second, overlapping
 * run waits for the lease and then carries on from the cursor, so scheduled runs cover the stream
 * with no hole and no double work. The state that outlives one segment is `this.state`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FfmpegInterruptedError, type SamplingCarry } from '@catfinder/media';
import { StoreError, segmentArchiveKey, sleep } from '@catfinder/store';
import type { AppearanceEvent, TimelineEnd } from '../appearance';
import { SegmentBudget } from '../budget';
import type { ParseConfig } from '../config';
import type { DashboardSink } from '../dashboard-sink';
import { NO_METRICS, type MetricsSink } from '../metrics';
import { RunLeaseLostError } from '../errors';
import { prekogEventFor, type LambdaContextLike } from '../events';
import type { ChannelCursor, LiveEvent, LiveSegment, LiveSource } from '../ports';
import { processSegment, type ProcessedSegment } from '../process-segment';
import { interruptAll, trackAppearances, type TrackResult } from '../track-appearances';
import type { ParseDeps, ParseSummary, RunOptions } from '../run-parse';
import { emptyCounts, initialState, type ParseRunState, type RunCounts } from './state';

/**
 * Said once per end of the channel's playlist (`#EXT-X-ENDLIST`, confirmed by the follower): true
 * for a live EVENT playlist that ended as for a finished recording given as the channel (tools/scan
 * is the tool for those).
 */
export const PLAYLIST_ENDED_HINT =
  "the channel's playlist ended (#EXT-X-ENDLIST): its listed segments are processed, open appearances close at its end, and nothing more comes unless it goes live again; for a finished recording use the scan: npm run scan -- <url>";

/**
 * Field set to `true` on both log lines of the playlist's end (the first `warn`, the later runs'
 * `info`): a log consumer (the local stack's heartbeat) stops expecting segments on it.
 */
export const PLAYLIST_ENDED_FIELD = 'endList';

/** Pause before retrying a segment whose failure may pass. */
export const RETRY_PAUSE_MS = 1000;
/** Pause between two tries for the channel's run lease. */
export const LEASE_POLL_MS = 500;
/** Claim lease of one segment. */
export const DEFAULT_SEGMENT_LEASE_MS = 120_000;
/** Attempts per segment when the failure may pass. */
export const DEFAULT_SEGMENT_ATTEMPTS = 3;
/** Longest single wait for a playlist reload. */
export const DEFAULT_MAX_POLL_WAIT_MS = 2000;

/** Stage at which a segment failed: fetch and media problems are the segment's, the rest may pass. */
class StageError extends Error {
  constructor(
    readonly stage: 'fetch' | 'process' | 'store',
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'StageError';
  }
}

type SegmentOutcome = 'done' | 'retry' | 'skipped';

export class ParseRun {
  readonly channel: string;
  readonly owner: string;
  readonly state: ParseRunState = initialState();
  readonly counts: RunCounts = emptyCounts();
  private readonly analyseMs: number[] = [];
  /** Counts already emitted as metrics (the rest goes out at the next flush). */
  private readonly emitted = { errors: 0, gaps: 0 };
  private readonly started = Date.now();
  private readonly budget: SegmentBudget;
  private readonly controller = new AbortController();
  private source!: LiveSource;
  private workDir!: string;

  constructor(
    private readonly config: ParseConfig,
    private readonly deps: ParseDeps,
    private readonly context: LambdaContextLike,
    private readonly options: RunOptions = {},
  ) {
    this.channel = config.channelId;
    this.owner = `${context.awsRequestId ?? 'local'}-${randomUUID().slice(0, 8)}`;
    this.budget = new SegmentBudget({
      ...(options.initialSegmentEstimateMs === undefined
        ? {}
        : { initialEstimateMs: options.initialSegmentEstimateMs }),
      ...(options.safetyMarginMs === undefined ? {} : { safetyMarginMs: options.safetyMarginMs }),
    });
  }

  /** Runs to the end of the time budget, the playlist's end, a lost lease or a fatal error. */
  async run(): Promise<ParseSummary> {
    if (!(await this.acquire())) return this.finish(false);
    try {
      await this.resume();
      await this.follow();
    } catch (error) {
      // A lost lease is a clean stop (already logged where it was found); anything else is an error.
      if (!(error instanceof RunLeaseLostError)) {
        this.counts.errors++;
        this.deps.logger.error('parse run stopped by an error', {
          channel: this.channel,
          error: String(error),
          stack: (error as Error).stack,
        });
        await this.dashboard()
          ?.error(this.channel, `run stopped: ${String(error)}`)
          .catch(() => undefined);
      }
    } finally {
      await this.settle();
    }
    return this.finish(true);
  }

  private remaining(): number {
    return this.context.getRemainingTimeInMillis();
  }

  /** Step 1: take the channel's run lease, waiting for an overlapping run while time allows. */
  async acquire(): Promise<boolean> {
    const waitStart = Date.now();
    while (!(await this.deps.store.acquireRun(this.channel, this.owner, Date.now() + this.remaining()))) {
      if (!this.budget.canStartSegment(this.remaining() - 1000)) {
        this.counts.waitedForLeaseMs = Date.now() - waitStart;
        this.deps.logger.info('another run holds the channel; nothing to do', {
          channel: this.channel,
          waitedMs: this.counts.waitedForLeaseMs,
        });
        return false;
      }
      await sleep(LEASE_POLL_MS);
    }
    this.counts.waitedForLeaseMs = Date.now() - waitStart;
    return true;
  }

  /** Loads what the previous run left (cursor) and opens the live source where it stopped. */
  private async resume(): Promise<void> {
    this.workDir = await mkdtemp(join(tmpdir(), `catfinder-parse-${this.channel}-`));
    const stored = await this.deps.store.readCursor(this.channel);
    this.source = this.deps.openSource(sourceStateOf(stored));
    const s = this.state;
    if (stored?.lastSequence !== undefined) s.lastSequence = stored.lastSequence;
    if (stored?.discontinuitySequence !== undefined) s.discontinuity = stored.discontinuitySequence;
    s.appearances = { ...(stored?.appearances ?? {}) };
    s.epoch = stored?.epoch ?? stored?.source?.epoch ?? 0;
    if (stored?.carry) s.carry = stored.carry;
  }

  /** Step 2: poll the playlist and handle segments in order while the budget allows. */
  async follow(): Promise<void> {
    const s = this.state;
    while (!s.ended || s.queue.length > 0) {
      if (s.leaseLost || !this.budget.canStartSegment(this.remaining())) break;
      if (s.queue.length === 0) {
        await this.poll();
        continue;
      }
      const result = await this.handleSegment(s.queue[0]!);
      if (result === 'retry') await sleep(RETRY_PAUSE_MS);
      else s.queue.shift();
    }
    if (s.ended && s.queue.length === 0 && !s.leaseLost) await this.playlistEnded();
  }

  /**
   * Every segment of an ended playlist is handled: no sample will follow, so an open appearance is
   * maximal (DESIGN.md) and closes at its last match — its clip is cut now, not never.
   */
  private async playlistEnded(): Promise<void> {
    if (!Object.values(this.state.appearances).some((a) => a.status === 'open')) return;
    await this.breakTimeline('ended');
    await this.saveCursor();
  }

  private async poll(): Promise<void> {
    const s = this.state;
    const maxWait = Math.min(
      this.options.maxPollWaitMs ?? DEFAULT_MAX_POLL_WAIT_MS,
      Math.max(0, this.remaining() - this.budget.estimateMs() - this.budget.safetyMarginMs),
    );
    try {
      const polled = await this.source.poll(maxWait, this.controller.signal);
      for (const event of polled.events) await this.handleEvent(event);
      s.queue.push(
        ...polled.segments.filter((seg) => s.lastSequence === undefined || seg.mediaSequence > s.lastSequence),
      );
    } catch (error) {
      if (error instanceof RunLeaseLostError) throw error;
      this.counts.errors++;
      this.deps.logger.error('playlist poll failed', { channel: this.channel, error: String(error) });
      await sleep(Math.min(1000, maxWait));
    }
  }

  /** Gaps and resets break the timeline; a stall is logged; the end of the playlist ends the run. */
  async handleEvent(event: LiveEvent): Promise<void> {
    const { logger } = this.deps;
    const s = this.state;
    switch (event.type) {
      case 'gap':
        this.counts.gaps++;
        logger.warn(`gap: ${event.detail}`, {
          channel: this.channel,
          reason: event.reason,
          fromSequence: event.fromSequence,
          toSequence: event.toSequence,
          epoch: event.epoch,
        });
        await this.deps.store.recordGap(this.channel, event.fromSequence, event.toSequence, {
          reason: event.reason,
          detail: event.detail,
          epoch: event.epoch,
        });
        await this.breakTimeline('gap');
        s.lastSequence = Math.max(s.lastSequence ?? -1, event.toSequence);
        await this.saveCursor();
        break;
      case 'refused':
        await this.refused(event);
        break;
      case 'reset':
        await this.reset(event);
        break;
      case 'stalled':
        logger.warn('playlist stalled', { channel: this.channel, detail: event.detail });
        break;
      case 'ended':
        s.ended = true;
        // The first time: say what it means and what to use for a finished recording; a later run
        // resuming the same end only notes it — with the same field, so every run says it ended.
        if (event.seenBefore)
          logger.info('playlist ended', {
            channel: this.channel,
            url: this.config.hlsUrl,
            [PLAYLIST_ENDED_FIELD]: true,
          });
        else
          logger.warn(PLAYLIST_ENDED_HINT, {
            channel: this.channel,
            url: this.config.hlsUrl,
            [PLAYLIST_ENDED_FIELD]: true,
          });
        break;
    }
  }

  /**
   * The playlist's timeline restarted. The live source numbers timeline epochs (one source of
   * truth, persisted in its state inside the cursor); with a new epoch, sequence numbers may
   * repeat, so the run accepts lower numbers again and claims them as (channel, epoch, sequence).
   * A discontinuity without a new epoch is handled where its segment is (handleSegment).
   */
  private async reset(event: Extract<LiveEvent, { type: 'reset' }>): Promise<void> {
    const s = this.state;
    this.counts.resets++;
    const message = event.sourceChanged
      ? 'channel source changed: following the configured URL as a new timeline (saved clips and appearances are kept)'
      : event.newEpoch
        ? 'playlist reset: new timeline'
        : 'playlist discontinuity';
    this.deps.logger.warn(message, {
      channel: this.channel,
      detail: event.detail,
      epoch: event.epoch,
      ...(event.sourceChanged ? { previousSource: event.sourceChanged.from, source: this.config.hlsUrl } : {}),
    });
    if (!event.newEpoch) return;
    await this.breakTimeline('reset');
    delete s.lastSequence;
    s.queue.length = 0;
    await this.saveCursor();
  }

  /** A segment the host policy refused: logged and counted as a refusal with its host, recorded as a gap with reason `refused`. */
  private async refused(event: Extract<LiveEvent, { type: 'refused' }>): Promise<void> {
    const s = this.state;
    this.counts.refused++;
    this.deps.logger.warn('segment refused: its host is not allowed (security event)', {
      channel: this.channel,
      sequence: event.mediaSequence,
      host: event.host,
      uri: event.uri,
    });
    await this.deps.store.recordGap(this.channel, event.mediaSequence, event.mediaSequence, {
      reason: 'refused',
      detail: `host ${event.host} is not allowed`,
      epoch: event.epoch,
    });
    // Its frames are missing: appearances cannot run across it.
    await this.breakTimeline('gap');
    s.lastSequence = Math.max(s.lastSequence ?? -1, event.mediaSequence);
    await this.saveCursor();
  }

  /** One segment: claim it, process and record it, or decide between retry and failure. */
  async handleSegment(segment: LiveSegment): Promise<SegmentOutcome> {
    const t0 = Date.now();
    const s = this.state;
    // A discontinuity or a new epoch starts a new timeline: nothing carries across it.
    if (
      (s.discontinuity !== undefined && segment.discontinuitySequence !== s.discontinuity) ||
      segment.epoch !== s.epoch
    )
      await this.breakTimeline('reset');
    s.discontinuity = segment.discontinuitySequence;
    s.epoch = segment.epoch;
    const token = await this.claim(segment);
    if (token === 'retry' || token === 'skipped') return token;
    try {
      const processed = await this.process(segment);
      await this.record(segment, processed, token, t0);
      return 'done';
    } catch (error) {
      return this.failed(segment, token, error, t0);
    }
  }

  /** Step 3: claim the segment exactly once (or reuse the claim this run still holds). */
  async claim(segment: LiveSegment): Promise<string | 'retry' | 'skipped'> {
    const seq = segment.mediaSequence;
    const s = this.state;
    const kept = s.held.get(seq);
    s.held.delete(seq);
    s.givenBack.delete(seq);
    let token: string | undefined;
    try {
      token =
        kept?.token ??
        (await this.deps.store.claimSegment(
          {
            channel: this.channel,
            mediaSequence: seq,
            ...(segment.epoch > 0 ? { epoch: segment.epoch } : {}),
            startTime: segment.startTime,
            duration: segment.duration,
            firstSeenAt: segment.firstSeenAt,
            discontinuitySequence: segment.discontinuitySequence,
            clock: segment.clock,
            uri: segment.uri,
          },
          this.owner,
          this.options.segmentLeaseMs ?? DEFAULT_SEGMENT_LEASE_MS,
        ));
    } catch (error) {
      // The store is unreachable (e.g. DynamoDB restarting) and nothing is held yet: try again
      // after a pause, a bounded number of times, then stop the run (the next run resumes here).
      this.counts.errors++;
      const tries = this.countAttempt(seq);
      if (tries >= (this.options.segmentAttempts ?? DEFAULT_SEGMENT_ATTEMPTS)) throw error;
      this.deps.logger.error('segment claim failed; will retry', {
        channel: this.channel,
        sequence: seq,
        attempt: tries,
        error: String((error as Error).message),
      });
      return 'retry';
    }
    if (token !== undefined) return token;
    this.counts.skippedClaimed++;
    this.deps.logger.info('segment already claimed by another run; skipped', {
      channel: this.channel,
      sequence: seq,
      epoch: segment.epoch,
    });
    s.lastSequence = seq;
    delete s.carry;
    delete s.previousPath;
    await this.saveCursor();
    return 'skipped';
  }

  /** Step 4: fetch, archive, analyse, detect — processSegment, with failures tagged by stage. */
  async process(segment: LiveSegment): Promise<ProcessedSegment> {
    const seq = segment.mediaSequence;
    const s = this.state;
    // Streamed to a file under the size cap (memory stays at one network chunk while fetching).
    const path = join(this.workDir, `download-${seq}.${segment.extension}`);
    await this.source.fetchSegment(segment, path, this.controller.signal).catch(async (e: unknown) => {
      await rm(path, { force: true });
      throw new StageError('fetch', e);
    });
    s.detector ??= await this.deps.detector();
    if (!s.previousPath && s.carry && s.lastSequence === seq - 1) {
      // A new process continues the timeline of the previous run: score frame 0 against the archive.
      const archived = await this.fetchArchived(seq - 1, segment.epoch, segment.extension);
      if (archived) s.previousPath = archived;
    }
    const c = this.config;
    return (this.deps.processSegment ?? processSegment)(
      {
        channel: this.channel,
        segment,
        path,
        workDir: this.workDir,
        signal: this.controller.signal,
        triggers: c.triggers,
        ...(s.previousPath ? { previousPath: s.previousPath } : {}),
        ...(s.carry ? { carry: s.carry } : {}),
        cutThreshold: c.cutThreshold,
        sampleIntervalSeconds: c.sampleIntervalSeconds,
        analysisMaxWidth: c.analysisMaxWidth,
        detectConcurrency: c.detectConcurrency,
        ...(c.detectorBudgetPerMinute === undefined ? {} : { detectorBudgetPerMinute: c.detectorBudgetPerMinute }),
      },
      { store: this.deps.store, detector: s.detector },
    ).catch((e: unknown) => {
      throw new StageError(e instanceof StoreError ? 'store' : 'process', e);
    });
  }

  /**
   * Step 5: store what the segment changed — sightings, appearances, then the claim's completion
   * last. Every write is idempotent and the run's state changes only after all of them, so a store
   * failure here retries the segment from the same state (same previous segment, carry, appearances).
   */
  async record(segment: LiveSegment, processed: ProcessedSegment, token: string, t0: number): Promise<void> {
    const { store } = this.deps;
    const s = this.state;
    const c = this.config;
    const tracked = trackAppearances(s.appearances, processed.samples, c.triggers, {
      channel: this.channel,
      exitSamples: c.exitSamples,
      maxClipSeconds: c.maxClipSeconds,
    });
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
    s.appearances = tracked.states;
    const previous = s.previousPath;
    const previousDir = s.previousSamplesDir;
    s.previousPath = processed.localPath;
    s.previousSamplesDir = processed.samplesDir;
    s.carry = processed.analysis.carry;
    s.lastSequence = segment.mediaSequence;
    await this.afterSegment(tracked, previous, previousDir);
    this.countProcessed(segment, processed, t0);
    await this.segmentToDashboard(segment, processed);
  }

  private countProcessed(segment: LiveSegment, processed: ProcessedSegment, t0: number): void {
    const n = this.counts;
    n.segments++;
    n.samples += processed.samples.length;
    n.detectorCalls += processed.detectorCalls;
    n.detectorErrors += processed.detectorErrors;
    n.errors += processed.detectorErrors;
    this.analyseMs.push(processed.timings.analyseMs);
    this.budget.record(Date.now() - t0);
    const metrics = this.metrics();
    metrics.add('SegmentsProcessed', 1);
    metrics.add('DetectorCalls', processed.detectorCalls);
    const reused = processed.samples.filter((x) => x.reused).length;
    metrics.add('SamplesReused', reused);
    metrics.add('DetectorSkipped', processed.detectorSkipped);
    // Latency origin: how far the end of this segment's media is behind the wall clock.
    metrics.add('LagSeconds', Math.max(0, (Date.now() - (segment.startTime + segment.duration * 1000)) / 1000));
    this.flushMetrics();
    this.deps.logger.info('segment processed', {
      channel: this.channel,
      sequence: segment.mediaSequence,
      frames: processed.record.frameCount,
      samples: processed.samples.length,
      cuts: processed.analysis.cuts.length,
      boundaryScored: processed.analysis.boundaryScored,
      detectorCalls: processed.detectorCalls,
      detectorSkipped: processed.detectorSkipped,
      detectorErrors: processed.detectorErrors,
      timings: processed.timings,
      totalMs: Date.now() - t0,
    });
  }

  /**
   * After a segment is stored: save the cursor, tell prekog, publish the feeds, drop the previous
   * segment's files. A failure here is logged; the next segment or the run's end saves the cursor
   * and publishes again (a lost run lease is flagged by saveCursor and stops the loop).
   */
  private async afterSegment(
    tracked: Pick<TrackResult, 'sightings' | 'events'>,
    previous?: string,
    previousDir?: string,
  ): Promise<void> {
    const s = this.state;
    await this.logged('saving the cursor', () => this.saveCursor());
    await this.notify(tracked.events);
    // Feeds change only with a sighting or an appearance; the run's end publishes once more anyway.
    if (tracked.sightings.length > 0 || tracked.events.length > 0)
      await this.logged('publishing the feeds', () => this.publishFeeds());
    // The previous segment's files are no longer needed; this one's boundary frames are.
    if (previous && previous !== s.previousPath) await rm(previous, { force: true });
    if (previousDir && previousDir !== s.previousSamplesDir) await rm(previousDir, { recursive: true, force: true });
  }

  private async logged(what: string, step: () => Promise<unknown>): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.counts.errors++;
      this.deps.logger.error(`${what} failed after the segment was stored`, {
        channel: this.channel,
        sequence: this.state.lastSequence,
        error: String(error),
      });
    }
  }

  /** A segment that failed: a lost lease stops the run; a passing store failure retries; else it is recorded as failed. */
  private async failed(segment: LiveSegment, token: string, error: unknown, t0: number): Promise<SegmentOutcome> {
    const seq = segment.mediaSequence;
    this.counts.errors++;
    const cause = error instanceof StageError ? error.cause : error;
    if (cause instanceof RunLeaseLostError) {
      // Another run holds the channel now (e.g. this segment's claim was taken over): stop, never retry.
      this.state.leaseLost = true;
      this.deps.logger.warn('run lease lost to another run; stopping', {
        channel: this.channel,
        sequence: seq,
        error: cause.message,
      });
      throw cause;
    }
    const stage = error instanceof StageError ? error.stage : cause instanceof StoreError ? 'store' : 'process';
    const tries = this.countAttempt(seq);
    // Fetch and media problems are the segment's; a store failure is retried only when it may pass,
    // and so is an ffmpeg a signal from outside stopped (a Ctrl-C or shutdown reaching the process
    // group): that says nothing about the segment, so it is neither an error nor recorded.
    const interrupted = cause instanceof FfmpegInterruptedError;
    const passing =
      (stage === 'store' || interrupted) &&
      isTransient(cause) &&
      tries < (this.options.segmentAttempts ?? DEFAULT_SEGMENT_ATTEMPTS);
    const message = String((error as Error).message);
    const fields = { channel: this.channel, sequence: seq, stage, attempt: tries, error: message };
    if (interrupted && passing) this.deps.logger.warn('segment interrupted; will retry', fields);
    else this.deps.logger.error(passing ? 'segment failed; will retry' : 'segment failed; recorded', fields);
    this.budget.record(Date.now() - t0);
    const reason = `${stage}: ${message}`;
    if (!(interrupted && passing))
      await this.dashboard()
        ?.error(this.channel, `segment ${seq}: ${reason}`)
        .catch(() => undefined);
    if (passing) {
      await this.giveBack(seq, token, reason);
      return 'retry';
    }
    await this.recordFailure(seq, token, reason);
    return 'done';
  }

  private async giveBack(seq: number, token: string, reason: string): Promise<void> {
    const s = this.state;
    await this.deps.store.releaseSegment(this.channel, seq, token, reason).then(
      (released) => {
        if (released) s.givenBack.add(seq);
      },
      (e: unknown) => {
        s.held.set(seq, { token, settle: 'release', reason });
        this.deps.logger.warn('could not release the segment; the retry keeps its claim', {
          channel: this.channel,
          sequence: seq,
          error: String(e),
        });
      },
    );
  }

  private async recordFailure(seq: number, token: string, reason: string): Promise<void> {
    const s = this.state;
    const { logger } = this.deps;
    this.counts.failedSegments++;
    await this.deps.store.failSegment(this.channel, seq, token, reason).catch((e: unknown) => {
      s.held.set(seq, { token, settle: 'fail', reason });
      logger.error('could not record the failed segment; retried at the end of the run', {
        channel: this.channel,
        sequence: seq,
        error: String(e),
      });
    });
    // Frames of this segment are missing: appearances cannot run across it.
    await this.breakTimeline('gap').catch((e: unknown) =>
      logger.error('could not close appearances', { channel: this.channel, error: String(e) }),
    );
    s.lastSequence = seq;
    await this.saveCursor().catch((e: unknown) => {
      if (e instanceof RunLeaseLostError) throw e;
      logger.error('could not save the cursor', { channel: this.channel, error: String(e) });
    });
  }

  /** Step 6: settle held claims, publish the feeds, give the run lease back, clean up. */
  async settle(): Promise<void> {
    const s = this.state;
    const { store, logger } = this.deps;
    this.controller.abort();
    for (const [seq, h] of s.held) {
      try {
        if (h.settle === 'fail') await store.failSegment(this.channel, seq, h.token, h.reason);
        else if (await store.releaseSegment(this.channel, seq, h.token, h.reason)) s.givenBack.add(seq);
        s.held.delete(seq);
      } catch (e) {
        logger.error('segment left claimed at the end of the run (its lease expires)', {
          channel: this.channel,
          sequence: seq,
          settle: h.settle,
          error: String(e),
        });
      }
    }
    this.counts.releasedSegments = s.givenBack.size;
    await this.publishFeeds().catch((e: unknown) => {
      this.counts.errors++;
      logger.error('could not publish feeds', { channel: this.channel, error: String(e) });
    });
    // health.json is rewritten at every run's end: its age tells the dashboard when the pipeline stopped.
    await this.dashboard()
      ?.runEnded(this.channel)
      .catch((e: unknown) => logger.warn('could not publish health.json', { channel: this.channel, error: String(e) }));
    await store
      .releaseRun(this.channel, this.owner)
      .catch((e: unknown) =>
        logger.warn('could not release the run lease (it expires)', { channel: this.channel, error: String(e) }),
      );
    if (this.workDir) await rm(this.workDir, { recursive: true, force: true });
  }

  private dashboard(): DashboardSink | undefined {
    return this.deps.dashboard;
  }

  /** The dashboard's health / all-labels / recent feeds after a stored segment (a failure is logged, never retried). */
  private async segmentToDashboard(segment: LiveSegment, processed: ProcessedSegment): Promise<void> {
    await this.dashboard()
      ?.segmentDone(this.channel, {
        sequence: segment.mediaSequence,
        endTime: segment.startTime + segment.duration * 1000,
        detectorCalls: processed.detectorCalls,
        detectorErrors: processed.detectorErrors,
        reused: processed.samples.filter((x) => x.reused).length,
        samples: processed.samples,
        watched: this.config.triggers.map((t) => t.label),
      })
      .catch((e: unknown) =>
        this.deps.logger.error('could not update the dashboard feeds', {
          channel: this.channel,
          sequence: segment.mediaSequence,
          error: String(e),
        }),
      );
  }

  private metrics(): MetricsSink {
    return this.deps.metrics ?? NO_METRICS;
  }

  /** Emits the errors and gaps counted since the last flush, then writes the metrics out. */
  private flushMetrics(): void {
    const metrics = this.metrics();
    if (this.counts.errors > this.emitted.errors) metrics.add('ParseErrors', this.counts.errors - this.emitted.errors);
    if (this.counts.gaps > this.emitted.gaps) metrics.add('Gaps', this.counts.gaps - this.emitted.gaps);
    this.emitted.errors = this.counts.errors;
    this.emitted.gaps = this.counts.gaps;
    metrics.flush();
  }

  private finish(ran: boolean): ParseSummary {
    this.flushMetrics();
    const last = this.state.lastSequence;
    const summary: ParseSummary = {
      channel: this.channel,
      owner: this.owner,
      ...this.counts,
      ...(last === undefined ? {} : { lastSequence: last }),
      analyseMs: this.analyseMs,
      durationMs: Date.now() - this.started,
    };
    const logged = ran ? { ...summary, analyseMs: undefined, analyseP50Ms: median(this.analyseMs) } : summary;
    this.deps.logger.info('parse run summary', { summary: logged });
    return summary;
  }

  /** Saves the cursor; a lost run lease marks the run to stop and is rethrown. */
  async saveCursor(): Promise<void> {
    const s = this.state;
    const cursor: ChannelCursor = {
      ...(s.lastSequence === undefined ? {} : { lastSequence: s.lastSequence }),
      discontinuitySequence: s.discontinuity ?? 0,
      ...(s.epoch > 0 ? { epoch: s.epoch } : {}),
      ...(s.carry ? { carry: withoutBoundary(s.carry) } : {}),
      appearances: s.appearances,
      source: this.source.stateAfter(s.lastSequence),
    };
    try {
      await this.deps.store.writeCursor(this.channel, cursor);
    } catch (error) {
      if (error instanceof RunLeaseLostError) {
        s.leaseLost = true;
        this.deps.logger.warn('run lease lost to another run; stopping', {
          channel: this.channel,
          error: error.message,
        });
      }
      throw error;
    }
  }

  /** Ends the timeline: open appearances close, the sampling rhythm and boundary restart. */
  private async breakTimeline(reason: TimelineEnd): Promise<void> {
    const s = this.state;
    const r = interruptAll(s.appearances, reason);
    s.appearances = r.states;
    for (const e of r.events) if (e.type === 'closed') await this.deps.store.saveAppearance(e.appearance, []);
    await this.notify(r.events);
    delete s.carry;
    delete s.previousPath;
  }

  private async notify(events: readonly AppearanceEvent[]): Promise<void> {
    for (const event of events) {
      const trigger = this.config.triggers.find((t) => t.label === event.appearance.label);
      const payload = prekogEventFor(
        event.appearance,
        {
          preRollSeconds: trigger?.preRollSeconds ?? 0,
          postRollSeconds: trigger?.postRollSeconds ?? 0,
          maxClipSeconds: this.config.maxClipSeconds,
        },
        this.state.epoch,
      );
      if (event.type === 'opened') this.counts.appearancesOpened++;
      else this.counts.appearancesClosed++;
      try {
        await this.deps.prekog.invoke(payload);
        this.counts.prekogInvokes++;
        this.deps.logger.info(`appearance ${event.type}`, {
          channel: this.channel,
          label: payload.label,
          appearanceId: payload.appearanceId,
          reason: payload.closeReason,
        });
      } catch (error) {
        this.counts.errors++;
        this.deps.logger.error('prekog invoke failed', {
          channel: this.channel,
          appearanceId: payload.appearanceId,
          kind: payload.kind,
          error: String(error),
        });
      }
    }
  }

  private publishFeeds(): Promise<void> {
    return this.deps.store.publishFeeds(
      this.channel,
      this.config.triggers.map((t) => t.label),
    );
  }

  private countAttempt(seq: number): number {
    const tries = (this.state.attempts.get(seq) ?? 0) + 1;
    this.state.attempts.set(seq, tries);
    return tries;
  }

  private async fetchArchived(seq: number, epoch: number, ext: string): Promise<string | undefined> {
    if (seq < 0) return undefined;
    const bytes = await this.deps.store.getObject(segmentArchiveKey(this.channel, seq, ext, epoch));
    if (!bytes) return undefined;
    const path = join(this.workDir, `${seq}.${ext}`);
    await writeFile(path, bytes);
    return path;
  }
}

/**
 * The live source's saved state. The source's epoch is the one count of timelines; a cursor
 * written before it kept the epoch (parse's own counter, `cursor.epoch`) seeds it, so a restarted
 * channel never goes back to an epoch its claims already passed.
 */
function sourceStateOf(cursor: ChannelCursor | undefined): ChannelCursor['source'] {
  const source = cursor?.source;
  const floor = cursor?.epoch ?? 0;
  if (floor <= (source?.epoch ?? 0)) return source;
  return { ...(source ?? {}), epoch: floor };
}

/** A failure that may pass (e.g. StoreUnavailableError), as the error's own package says. */
function isTransient(error: unknown): boolean {
  return error instanceof Error && (error as { retryable?: unknown }).retryable === true;
}

function withoutBoundary(carry: SamplingCarry): SamplingCarry {
  const { boundary: _boundary, ...rest } = carry;
  return rest;
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
