/**
 * Time budget of one parse run. A run keeps following the playlist while there is time for one
 * more segment; consecutive scheduled runs then cover the stream without holes (claims make sure
 * nothing is done twice when they overlap).
 */
import { DEFAULT_SAFETY_MARGIN_MS, DEFAULT_SEGMENT_ESTIMATE_MS } from './constants';

export interface BudgetOptions {
  /** Assumed cost of a segment before one is measured. @default 10000 */
  readonly initialEstimateMs?: number;
  /** Kept free for the summary and feeds at the end. @default 3000 */
  readonly safetyMarginMs?: number;
}

/**
 * Tracks how long segments take. The estimate is the slowest of the recent segments, not the
 * mean: being late costs a Lambda timeout (work lost mid-segment), being early costs one poll.
 */
export class SegmentBudget {
  private readonly recent: number[] = [];
  private readonly initial: number;
  readonly safetyMarginMs: number;

  constructor(options: BudgetOptions = {}) {
    this.initial = options.initialEstimateMs ?? DEFAULT_SEGMENT_ESTIMATE_MS;
    this.safetyMarginMs = options.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MS;
  }

  record(durationMs: number): void {
    this.recent.push(durationMs);
    if (this.recent.length > 5) this.recent.shift();
  }

  /** Time one more segment is expected to need. */
  estimateMs(): number {
    return this.recent.length === 0 ? this.initial : Math.max(...this.recent);
  }

  /** True when there is time to start (and finish) one more segment. */
  canStartSegment(remainingMs: number): boolean {
    return canStartSegment(remainingMs, this.estimateMs(), this.safetyMarginMs);
  }
}

/** Start new work only when what remains covers one segment plus the safety margin. */
export function canStartSegment(remainingMs: number, segmentEstimateMs: number, safetyMarginMs: number): boolean {
  return remainingMs >= segmentEstimateMs + safetyMarginMs;
}
