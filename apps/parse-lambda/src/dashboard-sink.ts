/**
 * Feeds the dashboard's extra feeds (libs/store `createDashboardFeeds`) from a parse run:
 * health.json after each segment and on errors, every label at or above the configured
 * confidence (all-labels.json), and the channel's recent.json / celebrities.json. Each step is
 * tried even if another fails; the first failure is rethrown for the caller to log — a dashboard
 * feed never decides whether a segment is processed again.
 */
import type { CelebrityFace, DashboardFeeds } from '@catfinder/store';
import type { Celebrity } from '@catfinder/vision';
import type { SampleRecord } from './ports';

/**
 * A processed sample; `celebrities` when the detector recognised people — libs/vision's
 * `Celebrity` (box at top level) or Rekognition's `CelebrityFaces` entry (box under `Face`).
 */
export type DashboardSample = SampleRecord & { readonly celebrities?: readonly (Celebrity | CelebrityFace)[] };

/** One record shape for the feeds: RecognizeCelebrities' `CelebrityFaces` entry. */
export function toCelebrityFace(c: Celebrity | CelebrityFace): CelebrityFace {
  const box = 'Face' in c && c.Face ? c.Face.BoundingBox : 'BoundingBox' in c ? c.BoundingBox : undefined;
  return { Name: c.Name, ...(c.Id === undefined ? {} : { Id: c.Id }), MatchConfidence: c.MatchConfidence, Urls: [...(c.Urls ?? [])], ...(box ? { Face: { BoundingBox: box } } : {}) };
}

export interface SegmentDone {
  readonly sequence: number;
  /** Epoch ms of the end of the segment (media time). */
  readonly endTime: number;
  readonly detectorCalls: number;
  readonly detectorErrors: number;
  readonly reused?: number;
  readonly samples: readonly DashboardSample[];
  readonly watched: readonly string[];
}

export interface DashboardSink {
  segmentDone(channel: string, done: SegmentDone): Promise<void>;
  error(channel: string, message: string): Promise<void>;
  /** Rewrites health.json at the end of a run, so its age tells when the pipeline stopped. */
  runEnded(channel: string): Promise<void>;
}

async function all(steps: readonly (() => Promise<unknown>)[]): Promise<void> {
  const results = await Promise.allSettled(steps.map((step) => step()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

export function createDashboardSink(feeds: DashboardFeeds): DashboardSink {
  return {
    async segmentDone(channel, done) {
      const samples = done.samples.map((s) => ({
        time: s.time, frame: s.frameLabel, imageKey: s.imageKey, labels: s.labels, isCut: s.isCut, matchedLabels: s.matchedLabels,
        ...(s.celebrities === undefined ? {} : { celebrities: s.celebrities.map(toCelebrityFace) }),
      }));
      await all([
        async () => {
          await feeds.health.segmentProcessed(channel, { sequence: done.sequence, endTime: done.endTime, detectorCalls: done.detectorCalls, ...(done.reused === undefined ? {} : { reused: done.reused }) });
          if (done.detectorErrors > 0) await feeds.health.error(channel, `segment ${done.sequence}: ${done.detectorErrors} detector call(s) failed`);
        },
        async () => {
          const { written } = await feeds.allLabels.recordSegment(channel, samples, done.watched);
          if (written > 0) await feeds.allLabels.publish();
        },
        () => feeds.recent.recordSegment(channel, samples),
      ]);
    },
    async error(channel, message) {
      await feeds.health.error(channel, message);
    },
    async runEnded() {
      await feeds.health.publish();
    },
  };
}
