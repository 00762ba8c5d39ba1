/**
 * Feeds the dashboard's extra feeds (libs/store `createDashboardFeeds`) from a parse run:
 * health.json after each segment and on errors, every label at or above the configured
 * confidence (all-labels.json), and the channel's recent.json (people
 * recognised over time go to feeds/celebrities.json from the faces step). Each step is
 * tried even if another fails; the first failure is rethrown for the caller to log — a dashboard
 * feed never decides whether a segment is processed again.
 */
import type { DashboardFeeds } from '@catfinder/store';
import type { SampleRecord } from './ports';
import type { ProcessedSample } from './process-segment';

/** A processed sample; `faces` (libs/vision `CelebrityFace`s) when the faces step recognised people on it. */
export type DashboardSample = SampleRecord & Pick<ProcessedSample, 'faces'>;

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
        time: s.time,
        frame: s.frameLabel,
        imageKey: s.imageKey,
        labels: s.labels,
        isCut: s.isCut,
        matchedLabels: s.matchedLabels,
        ...(s.faces === undefined ? {} : { faces: s.faces }),
      }));
      await all([
        async () => {
          await feeds.health.segmentProcessed(channel, {
            sequence: done.sequence,
            endTime: done.endTime,
            detectorCalls: done.detectorCalls,
            ...(done.reused === undefined ? {} : { reused: done.reused }),
          });
          if (done.detectorErrors > 0)
            await feeds.health.error(
              channel,
              `segment ${done.sequence}: ${done.detectorErrors} detector call(s) failed`,
            );
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
