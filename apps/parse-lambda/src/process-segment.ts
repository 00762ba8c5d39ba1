/**
 * One claimed segment, in DESIGN.md's order: archive the raw bytes (an fMP4 segment's init
 * section separately, content-addressed), normalise fMP4 to MPEG-TS, analyse (scene scores +
 * sample JPEGs, scoring frame 0 against the previous segment), upload the samples, detect labels
 * on them with bounded concurrency, write the sample rows. Returns what the appearance machine
 * and the label summary need. A detector failure on one sample is retried once, then recorded on
 * that sample (labels: null) — the segment still completes.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { analyseSegment, normaliseSegmentInput, type SamplingCarry, type SegmentAnalysis } from '@catfinder/media';
import { frameLabel, sampleImageKey } from '@catfinder/store';
import { mapBounded, matchObservation, type CelebrityFace } from '@catfinder/vision';
import { archiveSegment } from './archive-segment';
import { detectRetriedOnce, type DetectCounts, type DetectOutcome } from './detect-retry';
import { detectorBudgetFor, gateDetect, OVER_BUDGET } from './detector-budget';
import { reusePolicyOf } from './reuse-state';
import type { Detector, LiveSegment, ParseStore, SampleRecord, SegmentRecord } from './ports';
import type { Trigger } from './triggers';

export interface ProcessSegmentInput {
  readonly channel: string;
  readonly segment: LiveSegment;
  /**
   * The segment's content — its file as LiveSource.fetchSegment wrote it (moved into the work
   * directory and streamed to the archive, never read whole) or, when given instead, its bytes. One of the two.
   */
  readonly path?: string;
  readonly bytes?: Uint8Array;
  /** Work directory of this run (kept for the next segment's boundary). */
  readonly workDir: string;
  /** Local path of the previous segment of the same timeline, if known. */
  readonly previousPath?: string;
  readonly carry?: SamplingCarry;
  readonly cutThreshold: number;
  readonly sampleIntervalSeconds: number;
  readonly analysisMaxWidth: number;
  readonly detectConcurrency: number;
  /** Watched labels, to mark the samples they match. */
  readonly triggers: readonly Trigger[];
  readonly signal: AbortSignal;
  /** DETECTOR_BUDGET_PER_MINUTE: samples over it are not sent (detector-budget.ts). @default no budget */
  readonly detectorBudgetPerMinute?: number;
}

export interface ProcessedSample extends SampleRecord {
  readonly detectError?: string;
  /** True when the labels were reused from an earlier sample of the same scene (no detector call). */
  readonly reused?: boolean;
  /** Set when the sample was not sent to the detector: the channel's detector budget was used up (labels null). */
  readonly detectSkipped?: typeof OVER_BUDGET;
  /** Recognised faces (faces-step.ts), when recognition ran on or was reused for this sample. */
  readonly faces?: readonly CelebrityFace[];
}

export interface ProcessedSegment {
  readonly record: SegmentRecord;
  readonly samples: readonly ProcessedSample[];
  readonly analysis: SegmentAnalysis;
  /** The segment as MPEG-TS (fMP4 input is remuxed; timestamps kept) — the next segment's `previousPath`. */
  readonly localPath: string;
  /** Holds the sample JPEGs and the boundary frames the next segment's analysis reads. */
  readonly samplesDir: string;
  readonly detectorCalls: number;
  readonly detectorErrors: number;
  /** Samples not sent because of the detector budget (metric DetectorSkipped). */
  readonly detectorSkipped: number;
  readonly timings: { archiveMs: number; analyseMs: number; uploadMs: number; detectMs: number; writeMs: number };
}

export interface ProcessDeps {
  readonly store: Pick<ParseStore, 'putObject' | 'putSamples'>;
  readonly detector: Detector;
}

export async function processSegment(input: ProcessSegmentInput, deps: ProcessDeps): Promise<ProcessedSegment> {
  const { channel, segment } = input;
  const seq = segment.mediaSequence;
  const rawPath = join(input.workDir, `${seq}.${segment.extension}`);
  const samplesDir = join(input.workDir, `samples-${seq}`);
  let t = Date.now();
  const lap = (): number => {
    const now = Date.now();
    const ms = now - t;
    t = now;
    return ms;
  };

  const { archiveKey, initKey, initPath } = await archiveSegment(input, rawPath, deps.store);
  const archiveMs = lap();

  const { localPath, analysis } = await analyseLocally(input, rawPath, samplesDir, initPath);
  const analyseMs = lap();

  const images = await mapBounded(analysis.samples, input.detectConcurrency, async (s) => {
    const bytes = await readFile(s.jpegPath);
    const key = sampleImageKey(channel, seq, s.index, input.segment.epoch);
    await deps.store.putObject(key, bytes, 'image/jpeg');
    return { sample: s, bytes, key };
  });
  const uploadMs = lap();

  const { detected, detectorCalls, detectorErrors, detectorSkipped } = await detectAll(input, images, deps.detector);
  const detectMs = lap();

  const labelled = toSamples(input, images, detected, analysis.frameRate);
  const faced = await deps.detector.faces?.apply({
    channel,
    samples: labelled,
    images: images.map((i) => i.bytes),
    triggers: input.triggers,
  });
  const samples = faced?.samples ?? labelled;
  await deps.store.putSamples(samples);
  const writeMs = lap();

  const record = segmentRecord(input, analysis, archiveKey, initKey);
  return {
    record,
    samples,
    analysis,
    localPath,
    samplesDir,
    detectorCalls,
    detectorErrors: detectorErrors + (faced?.errors ?? 0),
    detectorSkipped,
    timings: { archiveMs, analyseMs, uploadMs, detectMs, writeMs },
  };
}

/**
 * Remuxes an fMP4 segment (and the previous one, when it came from the archive) to MPEG-TS —
 * libs/media analyses TS, stream copy keeps the timestamps — then scores and samples it.
 */
async function analyseLocally(
  input: ProcessSegmentInput,
  rawPath: string,
  samplesDir: string,
  initPath: string | undefined,
): Promise<{ localPath: string; analysis: SegmentAnalysis }> {
  const normalised = await normaliseSegmentInput({
    segmentPath: rawPath,
    outputDir: input.workDir,
    signal: input.signal,
  });
  const localPath = normalised.tsPath;
  if (localPath !== rawPath) await rm(rawPath, { force: true });
  // The previous segment is TS when this process handled it; from the archive (a new process) it
  // is a bare fMP4 fragment, remuxed here with this segment's init section.
  const previous = input.previousPath
    ? await normaliseSegmentInput({
        segmentPath: input.previousPath,
        ...(initPath ? { initPath } : {}),
        outputDir: input.workDir,
        signal: input.signal,
      })
    : undefined;

  const analysis = await analyseSegment({
    segmentPath: localPath,
    outputDir: samplesDir,
    cutThreshold: input.cutThreshold,
    sampleInterval: input.sampleIntervalSeconds,
    analysisMaxWidth: input.analysisMaxWidth,
    signal: input.signal,
    ...(input.carry ? { carry: input.carry } : {}),
    // Always passed when known, even with a carry: its boundary artefact may name a file that is
    // gone (a new process) or unusable; libs/media reads this file only then — same score.
    ...(previous ? { previousSegmentPath: previous.tsPath } : {}),
  }).finally(() => previous?.cleanup());
  return { localPath, analysis };
}

/** The segment's stored record: its place in the timeline, its archive and what the analysis measured. */
function segmentRecord(
  input: ProcessSegmentInput,
  analysis: SegmentAnalysis,
  archiveKey: string,
  initKey: string | undefined,
): SegmentRecord {
  const { segment } = input;
  return {
    channel: input.channel,
    mediaSequence: segment.mediaSequence,
    startTime: segment.startTime,
    duration: segment.duration,
    discontinuitySequence: segment.discontinuitySequence,
    clock: segment.clock,
    firstSeenAt: segment.firstSeenAt,
    archiveKey,
    ...(initKey ? { initKey } : {}),
    frameCount: analysis.frames.length,
    frameRate: analysis.frameRate,
    width: analysis.width,
    height: analysis.height,
  };
}

type Detected = DetectOutcome & { reused?: boolean; skipped?: boolean };

/**
 * Labels for each sample: one detector call (retried once) per sample, except that a sample nearly
 * identical to the previous one of the same scene reuses its labels (libs/vision's reuse rule).
 */
async function detectAll(
  input: ProcessSegmentInput,
  images: readonly { sample: SegmentAnalysis['samples'][number]; bytes: Uint8Array }[],
  detector: Detector,
): Promise<{ detected: Detected[]; detectorCalls: number; detectorErrors: number; detectorSkipped: number }> {
  const counts: DetectCounts = { calls: 0, errors: 0 };
  const items = images.map(({ sample, bytes }) => ({
    image: bytes,
    isCut: sample.isCut,
    time: input.segment.startTime + sample.offsetSeconds * 1000,
  }));
  const call = (bytes: Uint8Array): Promise<Detected> => detectRetriedOnce(detector, bytes, counts);
  const budget =
    input.detectorBudgetPerMinute === undefined
      ? undefined
      : gateDetect(detectorBudgetFor(input.channel, input.detectorBudgetPerMinute), items, call);
  const outcomes = await reusePolicyOf(detector, input.channel, input.segment).detectAll(
    items,
    input.detectConcurrency,
    budget?.detect ?? call,
  );
  const skipped = budget?.skipped ?? new Set<Uint8Array>();
  const detected = outcomes.map((d, i): Detected =>
    skipped.has(items[i]!.image) ? { result: undefined, error: undefined, skipped: true } : d,
  );
  return { detected, detectorCalls: counts.calls, detectorErrors: counts.errors, detectorSkipped: skipped.size };
}

function toSamples(
  input: ProcessSegmentInput,
  images: readonly { sample: SegmentAnalysis['samples'][number]; key: string }[],
  detected: readonly Detected[],
  frameRate: number,
): ProcessedSample[] {
  const { channel, segment } = input;
  const seq = segment.mediaSequence;
  return images.map(({ sample, key }, i) => {
    const time = Math.floor(segment.startTime + sample.offsetSeconds * 1000);
    const d = detected[i]!;
    return {
      channel,
      mediaSequence: seq,
      ...(segment.epoch ? { epoch: segment.epoch } : {}),
      index: sample.index,
      time,
      frameLabel: frameLabel(time, frameRate),
      isCut: sample.isCut,
      sceneScore: sample.sceneScore,
      imageKey: key,
      labels: d.result ? d.result.Labels : null,
      matchedLabels: d.result
        ? input.triggers.filter((t) => matchObservation({ labels: d.result!.Labels }, t)).map((t) => t.label)
        : [],
      ...(d.result ? { labelModelVersion: d.result.LabelModelVersion } : {}),
      ...(d.error ? { detectError: d.error } : {}),
      ...(d.reused ? { reused: true } : {}),
      ...(d.skipped ? { detectSkipped: OVER_BUDGET } : {}),
    };
  });
}
