/**
 * Stage 1 of a scan: libs/media's `analyseSegment` over the parts in order, with the sampling
 * carry and the previous part's boundary (so a cut on a part boundary is scored exactly as in a
 * live run). Places each part on the source's timeline from its timestamps (frame 0 of the
 * source is time 0) and reports damage: a part ffmpeg cannot analyse, or frames missing between
 * parts — either breaks the timeline, as a gap does live.
 */
import { join } from 'node:path';
import { analyseSegment, FfmpegAbortedError, MediaError, type SamplingCarry, type SegmentAnalysis } from '@catfinder/media';
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
      /** Start of the part's first frame on the source's timeline, ms. */
      readonly startTimeMs: number;
      /** The scan's own timeline number: bumped at every source discontinuity and every damage. */
      readonly timeline: number;
    }
  | { readonly kind: 'damaged'; readonly range: DamagedRange; readonly part?: ScanPart };

const PTS_HZ = 90_000;

export async function* analyseParts(source: PartSource, settings: AnalysisSettings, workDir: string, signal: AbortSignal): AsyncGenerator<AnalysedItem> {
  let carry: SamplingCarry | undefined;
  let previousPath: string | undefined;
  let base: { pts: number; ms: number; discontinuity: number } | undefined;
  let last: { pts: number; endSeconds: number; frameRate: number } | undefined;
  let timeline = 0;
  for await (const part of source.parts(signal)) {
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
      const reason = (error.message.split('\n')[0] ?? '').replace(part.path, `part ${part.sequence}`);
      yield { kind: 'damaged', part, range: { fromSeconds: part.startSeconds, toSeconds: part.startSeconds + part.durationSeconds, reason } };
      carry = undefined;
      previousPath = undefined;
      base = undefined;
      continue;
    }
    const first = analysis.frames[0]!;
    const frameTicks = PTS_HZ / analysis.frameRate;
    if (base && last && part.discontinuity === base.discontinuity && first.pts - last.pts > 1.5 * frameTicks) {
      const missing = Math.round((first.pts - last.pts) / frameTicks) - 1;
      const from = last.endSeconds;
      const to = from + (first.pts - last.pts - frameTicks) / PTS_HZ;
      yield { kind: 'damaged', part, range: { fromSeconds: from, toSeconds: to, reason: `${missing} frames missing before part ${part.sequence} (damaged or cut-out media)` } };
      base = { pts: first.pts, ms: Math.round(to * 1000), discontinuity: part.discontinuity };
      timeline++;
    } else if (!base || part.discontinuity !== base.discontinuity) {
      if (last) timeline++;
      base = { pts: first.pts, ms: Math.round(part.startSeconds * 1000), discontinuity: part.discontinuity };
    }
    const startTimeMs = base.ms + Math.round(((first.pts - base.pts) * 1000) / PTS_HZ);
    last = { pts: analysis.frames.at(-1)!.pts, endSeconds: startTimeMs / 1000 + analysis.duration, frameRate: analysis.frameRate };
    yield { kind: 'part', part, analysis, samplesDir, startTimeMs, timeline };
    carry = analysis.carry;
    previousPath = part.path;
  }
}
