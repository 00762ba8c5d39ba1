/**
 * Stage 1 of a scan: libs/media's `analyseSegment` over the parts in order, with the sampling
 * carry and the previous part's boundary (so a cut on a part boundary is scored exactly as in a
 * live run). Places each part on the source's timeline from its timestamps (frame 0 of the
 * source is time 0) and reports damage: a part ffmpeg cannot analyse, or frames missing between
 * parts — either breaks the timeline, as a gap does live.
 */
import { join } from 'node:path';
import {
  analyseSegment,
  FfmpegAbortedError,
  MediaError,
  type SamplingCarry,
  type SegmentAnalysis,
} from '@catfinder/media';
import type { DamagedRange, PartSource, ScanPart } from './types';

export interface AnalysisSettings {
  readonly cutThreshold: number;
  readonly sampleIntervalSeconds: number;
  readonly analysisMaxWidth: number;
}

export type AnalysedItem =
  | {
      readonly kind: 'part';
      readonly part: ScanPart;
      readonly analysis: SegmentAnalysis;
      readonly samplesDir: string;
      /** The part's frame rate: the declared one when the measured one is within 5 % of it. */
      readonly frameRate: number;
      /** Start of the part's first frame on the source's timeline, ms. */
      readonly startTimeMs: number;
      /** The scan's own timeline number: bumped at every source discontinuity and every damage. */
      readonly timeline: number;
    }
  | {
      readonly kind: 'damaged';
      readonly range: DamagedRange;
      readonly part: ScanPart;
      /** The sequence number of a part that was dropped (its place acts as a hard cut), if one was. */
      readonly skippedSequence?: number;
    };

const PTS_HZ = 90_000;

/** A part that cannot be placed frame-accurately: skipped whole, its time range recorded with `reason`. */
function damaged(part: ScanPart, reason: string): AnalysedItem {
  const range = { fromSeconds: part.startSeconds, toSeconds: part.startSeconds + part.durationSeconds, reason };
  return { kind: 'damaged', part, skippedSequence: part.sequence, range };
}

export async function* analyseParts(
  source: PartSource,
  settings: AnalysisSettings,
  workDir: string,
  signal: AbortSignal,
): AsyncGenerator<AnalysedItem> {
  let carry: SamplingCarry | undefined;
  let previousPath: string | undefined;
  let base: { pts: number; ms: number; discontinuity: number } | undefined;
  let last: { pts: number; endSeconds: number; frameRate: number } | undefined;
  let timeline = 0;
  // Damage since the last good part: the next one starts a new timeline (on the same clock).
  let broken = false;
  for await (const part of source.parts(signal)) {
    if (part.lostBefore) {
      yield { kind: 'damaged', part, skippedSequence: part.lostBefore.sequence, range: part.lostBefore.range };
      carry = undefined;
      previousPath = undefined;
      broken = true;
    }
    const samplesDir = join(workDir, `samples-${part.sequence}`);
    let analysis: SegmentAnalysis;
    try {
      analysis = await analyseSegment({
        segmentPath: part.path,
        outputDir: samplesDir,
        cutThreshold: settings.cutThreshold,
        sampleInterval: settings.sampleIntervalSeconds,
        analysisMaxWidth: settings.analysisMaxWidth,
        signal,
        ...(carry ? { carry } : {}),
        ...(previousPath ? { previousSegmentPath: previousPath } : {}),
      });
    } catch (error) {
      if (!(error instanceof MediaError) || error instanceof FfmpegAbortedError) throw error;
      yield damaged(part, (error.message.split('\n')[0] ?? '').replace(part.path, `part ${part.sequence}`));
      carry = undefined;
      previousPath = undefined;
      broken = true;
      continue;
    }
    const first = analysis.frames[0]!;
    const frameRate = nominalRate(analysis.frameRate, source.frameRate);
    const frameTicks = PTS_HZ / frameRate;
    const hole = internalGap(analysis, frameTicks);
    if (hole) {
      // Frame indexes past a hole no longer match times: the part cannot be placed frame-accurately.
      const at = part.startSeconds + (hole.pts - first.pts) / PTS_HZ;
      yield damaged(
        part,
        `${hole.missing} frames missing inside part ${part.sequence} at ${at.toFixed(2)} s (damaged media); the part is skipped`,
      );
      carry = undefined;
      previousPath = undefined;
      broken = true;
      continue;
    }
    if (!base || part.discontinuity !== base.discontinuity) {
      if (last || broken) timeline++;
      base = { pts: first.pts, ms: Math.round(part.startSeconds * 1000), discontinuity: part.discontinuity };
    } else if (broken) {
      timeline++;
    } else if (last && first.pts - last.pts > 1.5 * frameTicks) {
      const missing = Math.round((first.pts - last.pts) / frameTicks) - 1;
      const from = last.endSeconds;
      const to = from + (first.pts - last.pts - frameTicks) / PTS_HZ;
      yield {
        kind: 'damaged',
        part,
        range: {
          fromSeconds: from,
          toSeconds: to,
          reason: `${missing} frames missing before part ${part.sequence} (damaged or cut-out media)`,
        },
      };
      timeline++;
    }
    broken = false;
    const startTimeMs = base.ms + Math.round(((first.pts - base.pts) * 1000) / PTS_HZ);
    last = { pts: analysis.frames.at(-1)!.pts, endSeconds: startTimeMs / 1000 + analysis.duration, frameRate };
    yield { kind: 'part', part, analysis, samplesDir, frameRate, startTimeMs, timeline };
    carry = analysis.carry;
    previousPath = part.path;
  }
}

/** The declared rate wins over a measured one that differs only by timestamp rounding. */
export function nominalRate(measured: number, declared: number | undefined): number {
  return declared !== undefined && Math.abs(measured - declared) / declared < 0.05 ? declared : measured;
}

/** The first jump of more than 1.5 frames between consecutive frames of a part, if any. */
function internalGap(analysis: SegmentAnalysis, frameTicks: number): { pts: number; missing: number } | undefined {
  for (let i = 1; i < analysis.frames.length; i++) {
    const step = analysis.frames[i]!.pts - analysis.frames[i - 1]!.pts;
    if (step > 1.5 * frameTicks)
      return { pts: analysis.frames[i - 1]!.pts, missing: Math.round(step / frameTicks) - 1 };
  }
  return undefined;
}
