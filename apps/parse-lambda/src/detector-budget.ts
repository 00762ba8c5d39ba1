/**
 * The user's cost bound on the detector (DETECTOR_BUDGET_PER_MINUTE): at most N detector calls in
 * any rolling minute per channel. A sample over the budget is not sent; it is recorded as skipped
 * on the sample (`detectSkipped`, labels null) and counted (`DetectorSkipped` metric, alarmed by
 * apps/infra) — never silently. When the budget runs short inside a segment, timed samples give
 * way to the segment's cuts (a cut starts a new scene; a timed sample only re-checks one).
 */

/** Bounds of DETECTOR_BUDGET_PER_MINUTE (apps/infra's `detectorBudgetPerMinute` uses the same). */
export const DETECTOR_BUDGET_BOUNDS = { min: 1, max: 10_000 } as const;
/** Length of the rolling window. */
export const DETECTOR_BUDGET_WINDOW_MS = 60_000;
/** The reason a skipped sample carries. */
export const OVER_BUDGET = 'over-budget' as const;

/** Calls made in the last minute, per channel; one per process (a warm Lambda keeps it). */
export class DetectorBudget {
  private readonly taken: number[] = [];

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    if (
      !Number.isInteger(perMinute) ||
      perMinute < DETECTOR_BUDGET_BOUNDS.min ||
      perMinute > DETECTOR_BUDGET_BOUNDS.max
    ) {
      throw new RangeError(
        `detector budget must be an integer ${DETECTOR_BUDGET_BOUNDS.min}..${DETECTOR_BUDGET_BOUNDS.max} calls per minute, got ${perMinute}`,
      );
    }
  }

  /** Calls still allowed in the minute ending now. */
  remaining(): number {
    this.forgetOld();
    return this.perMinute - this.taken.length;
  }

  /**
   * Takes one call if the budget allows it while keeping `reserve` calls free (for samples that
   * matter more, still to come). Returns false, taking nothing, when over.
   */
  tryTake(reserve = 0): boolean {
    if (this.remaining() - Math.max(0, reserve) <= 0) return false;
    this.taken.push(this.now());
    return true;
  }

  private forgetOld(): void {
    const since = this.now() - DETECTOR_BUDGET_WINDOW_MS;
    let drop = 0;
    while (drop < this.taken.length && this.taken[drop]! <= since) drop++;
    if (drop > 0) this.taken.splice(0, drop);
  }
}

const budgets = new Map<string, DetectorBudget>();

/** The process's budget of a channel (a new one if the limit changed). */
export function detectorBudgetFor(channel: string, perMinute: number): DetectorBudget {
  const existing = budgets.get(channel);
  if (existing?.perMinute === perMinute) return existing;
  const budget = new DetectorBudget(perMinute);
  budgets.set(channel, budget);
  return budget;
}

/** What a gated detect callback answers for a sample it did not send. */
export interface SkippedOutcome {
  readonly result: undefined;
  readonly error: string;
}

/**
 * Wraps one segment's detect callback with the budget. `items` are the segment's samples (the
 * callback receives their exact `image` arrays); a timed sample is refused while the remaining
 * budget is needed by the segment's cuts not yet asked for. `skipped` lists the images refused
 * (an image sent later after all is removed from it).
 */
export function gateDetect<R extends { result: unknown; error: string | undefined }>(
  budget: DetectorBudget,
  items: readonly { image: Uint8Array; isCut: boolean }[],
  detect: (image: Uint8Array) => Promise<R>,
): { detect: (image: Uint8Array) => Promise<R | SkippedOutcome>; skipped: Set<Uint8Array> } {
  const skipped = new Set<Uint8Array>();
  const cutAsked = new Set<Uint8Array>();
  const cuts = items.filter((i) => i.isCut).map((i) => i.image);
  const isCut = new Set(cuts);
  return {
    skipped,
    async detect(image) {
      if (isCut.has(image)) cutAsked.add(image);
      const pendingCuts = isCut.has(image) ? 0 : cuts.filter((c) => !cutAsked.has(c)).length;
      if (!budget.tryTake(pendingCuts)) {
        skipped.add(image);
        return {
          result: undefined,
          error: `not sent: detector budget of ${budget.perMinute} calls per minute used up`,
        };
      }
      skipped.delete(image);
      return detect(image);
    },
  };
}
