/**
 * The parse run's public face: its dependencies (ports), options and summary, and `runParse`,
 * which runs one `ParseRun` (run/parse-run.ts: acquire → follow → claim → process → record →
 * settle).
 */
import type { FollowerState } from '@catfinder/hls';
import type { LambdaContextLike } from './events';
import type { LogSink } from '@catfinder/store';
import type { MetricsSink } from './metrics';
import type { DashboardSink } from './dashboard-sink';
import type { ParseConfig } from './config';
import type { Detector, LiveSource, ParseStore, PrekogInvoker } from './ports';
import type { processSegment } from './process-segment';
import { ParseRun } from './run/parse-run';

/** The log sink is libs/store's (one definition for parse, prekog and the local stack). */
export type { LogSink };

export interface ParseDeps {
  /** Opens the live source, resuming from the state the previous run saved. */
  readonly openSource: (state: FollowerState | undefined) => LiveSource;
  readonly store: ParseStore;
  /** Loaded lazily: the first segment with samples pays for it, an idle run never does. */
  readonly detector: () => Promise<Detector>;
  readonly prekog: PrekogInvoker;
  readonly logger: LogSink;
  /** CloudWatch metrics (EMF). @default NO_METRICS */
  readonly metrics?: MetricsSink;
  /** Processes one claimed segment. @default processSegment (unit tests put a fake here) */
  readonly processSegment?: typeof processSegment;
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
  /** Segments whose URI the host policy refused (logged as refusals with their host). */
  readonly refused: number;
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

/** Runs one parse run for the configured channel (failures inside the run are counted and logged, not thrown). */
export function runParse(
  config: ParseConfig,
  deps: ParseDeps,
  context: LambdaContextLike,
  options: RunOptions = {},
): Promise<ParseSummary> {
  return new ParseRun(config, deps, context, options).run();
}
