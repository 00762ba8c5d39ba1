/**
 * Stage 2 of a scan: the detector on one analysed part's samples, as parse does it (bounded
 * concurrency, one retry, a sample the detector cannot read is recorded with `labels: null` and
 * tells the appearance machine nothing), into parse's own sample shape for `trackAppearances`.
 */
import { readFile } from 'node:fs/promises';
import type { SegmentAnalysis } from '@catfinder/media';
import { detectRetriedOnce, type DetectCounts, type Detector, type ProcessedSample, type Trigger } from './apps';
import { frameLabel, sampleImageKey } from '@catfinder/store';
import { mapBounded, matchTrigger } from '@catfinder/vision';

export interface DetectInput {
  readonly channel: string;
  readonly sequence: number;
  readonly analysis: SegmentAnalysis;
  readonly startTimeMs: number;
  readonly frameRate: number;
  readonly triggers: readonly Trigger[];
  readonly concurrency: number;
}

export interface DetectedPart {
  readonly samples: ProcessedSample[];
  /** JPEG bytes per sample index (the caller keeps those a feed will show). */
  readonly images: Map<number, Uint8Array>;
  readonly detectorCalls: number;
  /** Detector calls that failed (a sample is retried once), and the first failure's message. */
  readonly detectorErrors: number;
  readonly firstError?: string;
}

export async function detectSamples(input: DetectInput, detector: Detector): Promise<DetectedPart> {
  const { analysis, channel } = input;
  const images = new Map<number, Uint8Array>();
  const counts: DetectCounts = { calls: 0, errors: 0 };
  const detected = await mapBounded(analysis.samples, input.concurrency, async (sample) => {
    const bytes = await readFile(sample.jpegPath);
    images.set(sample.index, bytes);
    return detectRetriedOnce(detector, bytes, counts);
  });
  const samples = analysis.samples.map((sample, i): ProcessedSample => {
    const time = Math.floor(input.startTimeMs + sample.offsetSeconds * 1000);
    const { result, error } = detected[i]!;
    return {
      channel,
      mediaSequence: input.sequence,
      index: sample.index,
      time,
      frameLabel: frameLabel(time, input.frameRate),
      isCut: sample.isCut,
      sceneScore: sample.sceneScore,
      imageKey: sampleImageKey(channel, input.sequence, sample.index),
      labels: result ? result.Labels : null,
      matchedLabels: result ? input.triggers.filter((t) => matchTrigger(result.Labels, t)).map((t) => t.label) : [],
      ...(result ? { labelModelVersion: result.LabelModelVersion } : {}),
      ...(error ? { detectError: error } : {}),
    };
  });
  const { calls: detectorCalls, errors: detectorErrors, firstError } = counts;
  return { samples, images, detectorCalls, detectorErrors, ...(firstError ? { firstError } : {}) };
}
