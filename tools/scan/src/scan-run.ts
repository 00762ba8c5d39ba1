/**
 * The state of one scan between parts: appearance states per label (parse's machine), the
 * counters, the clip queue and the label book — and the retention rule that deletes parts no
 * clip can need any more (bounded disk and memory for any input length).
 */
import { rm } from 'node:fs/promises';
import type { ClipMaker } from './apps';
import { frameLabel } from '@catfinder/store';
import {
  interruptAll,
  trackAppearances,
  type AppearanceEvent,
  type AppearanceState,
  type Detector,
  type ProcessedSample,
  type TrackResult,
} from './apps';
import type { AnalysedItem } from './analyse-parts';
import { ClipQueue } from './clip-queue';
import { detectSamples, type DetectedPart } from './detect-samples';
import type { ScanMemoryStore } from './memory-store';
import { AllLabelsBook } from './outputs/all-labels-feed';
import { LabelBook } from './outputs/label-feeds';
import type { ScanProgress } from './pipeline';
import type { ScanSettings } from './settings';
import type { DamagedRange } from './types';
import { ScanError } from './errors';

type PartItem = Extract<AnalysedItem, { kind: 'part' }>;

/** Detector calls that must all fail before a scan gives up on its detector. */
const FAIL_FAST_CALLS = 6;

export interface ScanRunOptions {
  readonly settings: ScanSettings;
  readonly store: ScanMemoryStore;
  readonly clipper: ClipMaker;
  readonly detector: () => Promise<Detector>;
  readonly started: number;
  readonly totalSeconds?: number;
  readonly onProgress?: (progress: ScanProgress) => void;
}

export class ScanRun {
  readonly book: LabelBook;
  readonly allLabels: AllLabelsBook;
  readonly queue: ClipQueue;
  readonly damaged: DamagedRange[] = [];
  frameRate = 25;
  private states: Record<string, AppearanceState> = {};
  private timeline: number | undefined;
  private detector: Detector | undefined;
  private previousSamplesDir: string | undefined;
  private firstDetectorError: string | undefined;
  private last: { sequence: number; endMs: number; timeline: number } | undefined;
  private readonly totals = {
    frames: 0,
    parts: 0,
    samples: 0,
    detectorCalls: 0,
    mediaSeconds: 0,
    analyseSeconds: 0,
    detectSeconds: 0,
    peakPartsHeld: 0,
    detectorErrors: 0,
  };

  constructor(private readonly options: ScanRunOptions) {
    const { settings, store } = options;
    this.book = new LabelBook(settings.channelId, () => this.frameRate);
    this.allLabels = new AllLabelsBook(
      settings.channelId,
      settings.triggers.map((t) => t.label),
    );
    this.queue = new ClipQueue({
      store,
      clipper: options.clipper,
      triggers: settings.triggers,
      maxClipSeconds: settings.maxClipSeconds,
      onClip: (clip, id) => this.book.setClip(id, clip.record.id),
    });
  }

  counts(): {
    frames: number;
    parts: number;
    samples: number;
    detectorCalls: number;
    mediaSeconds: number;
    analyseSeconds: number;
    detectSeconds: number;
    peakPartsHeld: number;
    detectorErrors: number;
    frameRate: number;
  } {
    return { ...this.totals, frameRate: this.frameRate };
  }

  async handlePart(item: PartItem): Promise<void> {
    const { settings, store } = this.options;
    const { analysis, part } = item;
    if (this.timeline !== undefined && item.timeline !== this.timeline) this.interrupt('reset');
    this.timeline = item.timeline;
    this.frameRate = item.frameRate;
    store.addPart({
      mediaSequence: part.sequence,
      frameCount: analysis.frames.length,
      startTime: item.startTimeMs,
      frameRate: item.frameRate,
      discontinuitySequence: item.timeline,
      path: part.path,
      durationSeconds: analysis.duration,
    });
    this.detector ??= await this.options.detector();
    const detectStart = performance.now();
    const detected = await detectSamples(
      {
        channel: settings.channelId,
        sequence: part.sequence,
        analysis,
        startTimeMs: item.startTimeMs,
        frameRate: item.frameRate,
        triggers: settings.triggers,
        concurrency: settings.detectConcurrency,
      },
      this.detector,
    );
    this.totals.detectSeconds += (performance.now() - detectStart) / 1000;
    this.checkDetector(detected);
    this.totals.analyseSeconds += analysis.elapsedMs / 1000;
    this.track(detected.samples);
    await this.keepImages(detected);
    this.totals.frames += analysis.frames.length;
    this.totals.parts++;
    this.totals.samples += detected.samples.length;
    this.totals.detectorCalls += detected.detectorCalls;
    const endMs = item.startTimeMs + (analysis.frames.length * 1000) / item.frameRate;
    this.totals.mediaSeconds = endMs / 1000;
    this.last = { sequence: part.sequence, endMs, timeline: item.timeline };
    // The previous part's boundary frames were read by this part's analysis; its samples are done.
    if (this.previousSamplesDir) await rm(this.previousSamplesDir, { recursive: true, force: true });
    this.previousSamplesDir = item.samplesDir;
    await this.prune(item.startTimeMs);
    this.progress();
  }

  /**
   * Damaged media breaks the timeline, as a gap does live. Where a whole part was dropped, its
   * place acts as a hard cut (see `closeAtEnd`), so an open appearance's clip runs to the last
   * good frame; otherwise open appearances close at their last match (prekog's gap rule).
   */
  handleDamage(range: DamagedRange, skippedSequence?: number): void {
    this.damaged.push(range);
    if (skippedSequence !== undefined && this.last && skippedSequence === this.last.sequence + 1) this.closeAtEnd();
    this.interrupt('gap');
    this.timeline = undefined;
  }

  /** The end of the input is a hard cut, like a dropped part. */
  async finish(): Promise<void> {
    this.closeAtEnd();
  }

  /**
   * A closing cut sample on a one-frame stand-in part just after the last good frame ends every
   * open appearance there (reason `cut`), so its clip runs to that frame.
   */
  private closeAtEnd(): void {
    const last = this.last;
    if (!last || !Object.values(this.states).some((s) => s.status === 'open')) return;
    const { settings, store } = this.options;
    const sequence = last.sequence + 1;
    const time = Math.round(last.endMs);
    store.addPart({
      mediaSequence: sequence,
      frameCount: 1,
      startTime: time,
      frameRate: this.frameRate,
      discontinuitySequence: last.timeline,
      path: '',
      durationSeconds: 0,
    });
    const end: ProcessedSample = {
      channel: settings.channelId,
      mediaSequence: sequence,
      index: 0,
      time,
      frameLabel: frameLabel(time, this.frameRate),
      isCut: true,
      sceneScore: 1,
      imageKey: '',
      labels: [],
      matchedLabels: [],
    };
    store.addSamples([{ frame: { mediaSequence: sequence, index: 0 }, time, isCut: true }]);
    this.track([end]);
  }

  /**
   * A detector that fails on every one of the first calls (no credentials, no network, a broken
   * model) would make a scan that finds nothing, slowly: stop at once and say why. Occasional
   * failures are parse's rule: the sample is recorded unread and the scan goes on.
   */
  private checkDetector(detected: DetectedPart): void {
    this.totals.detectorErrors += detected.detectorErrors;
    this.firstDetectorError ??= detected.firstError;
    const calls = this.totals.detectorCalls + detected.detectorCalls;
    if (calls >= FAIL_FAST_CALLS && this.totals.detectorErrors === calls) {
      throw new ScanError(
        `scan: the ${this.options.settings.detector} detector failed on all of the first ${calls} calls; stopping (first error: ${this.firstDetectorError ?? 'unknown'})`,
      );
    }
  }

  private track(samples: readonly ProcessedSample[]): void {
    const { settings, store } = this.options;
    store.addSamples(
      samples
        .filter((s) => s.imageKey !== '')
        .map((s) => ({
          frame: { mediaSequence: s.mediaSequence, index: s.index },
          time: s.time,
          isCut: s.isCut,
          imageKey: s.imageKey,
        })),
    );
    const tracked: TrackResult = trackAppearances(this.states, samples, settings.triggers, {
      channel: settings.channelId,
      exitSamples: settings.exitSamples,
      maxClipSeconds: settings.maxClipSeconds,
    });
    this.states = tracked.states;
    this.book.addSightings(tracked.sightings);
    this.book.addEvents(tracked.events, tracked.samplesByAppearance);
    this.enqueue(tracked.events);
  }

  private interrupt(reason: 'gap' | 'reset'): void {
    const r = interruptAll(this.states, reason);
    this.states = r.states;
    this.book.addEvents(r.events, new Map());
    this.enqueue(r.events);
  }

  private enqueue(events: readonly AppearanceEvent[]): void {
    for (const e of events) if (e.type === 'closed') this.queue.add(e.appearance);
  }

  /**
   * Sample JPEGs a feed can show (cuts, and samples of an appearance) go to the output; the
   * all-labels book keeps each label's latest-part best as its thumbnail (written with the feed).
   */
  private async keepImages(detected: DetectedPart): Promise<void> {
    const { store } = this.options;
    for (const s of detected.samples) {
      const bytes = detected.images.get(s.index);
      if (bytes && (s.isCut || s.matchedLabels.length > 0)) await store.putObject(s.imageKey, bytes);
    }
    this.allLabels.addPart(detected.samples, detected.images);
  }

  /** Forgets what no clip can need: older than the longest clip (plus rolls) before now, an open appearance or a queued clip. */
  private async prune(nowMs: number): Promise<void> {
    const { settings, store } = this.options;
    const rolls = Math.max(0, ...settings.triggers.map((t) => t.preRollSeconds + t.postRollSeconds));
    const reachMs = (settings.maxClipSeconds + rolls + 4) * 1000;
    const open = Object.values(this.states).flatMap((s) => (s.status === 'open' ? [s.firstMatch.time] : []));
    const horizon = Math.min(nowMs, ...open, this.queue.pinnedFromMs() ?? Number.POSITIVE_INFINITY) - reachMs;
    for (const part of store.prune(horizon)) if (part.path) await rm(part.path, { force: true });
    this.totals.peakPartsHeld = Math.max(this.totals.peakPartsHeld, store.heldParts().length);
  }

  private progress(): void {
    this.options.onProgress?.({
      mediaSeconds: this.totals.mediaSeconds,
      ...(this.options.totalSeconds === undefined ? {} : { totalSeconds: this.options.totalSeconds }),
      wallSeconds: (performance.now() - this.options.started) / 1000,
      clips: this.queue.clips.length,
      parts: this.totals.parts,
    });
  }
}
