/**
 * Held-out check of an operating point: a group-disjoint two-fold split (groups = breeds in the
 * pets set, so no breed is in both halves). On each half the threshold is chosen on the *other*
 * half (the lowest confidence whose precision there is ≥ `targetPrecision`, i.e. the most recall
 * at that precision), then applied to this half; both halves' counts are pooled.
 */
import { score, type Score } from './eval-set';

export interface HoldoutRow {
  group: string;
  truth: boolean;
  /** Calibrated confidence of the label (0 when absent). */
  confidence: number;
}

export interface HoldoutResult extends Score {
  /** Thresholds chosen on each training half. */
  thresholds: number[];
}

/** Splits groups in two, alternating in sorted order within positives and negatives. */
export function splitGroups(rows: readonly HoldoutRow[]): [Set<string>, Set<string>] {
  const positive = [...new Set(rows.filter((r) => r.truth).map((r) => r.group))].sort();
  const negative = [...new Set(rows.filter((r) => !r.truth).map((r) => r.group))]
    .filter((g) => !positive.includes(g))
    .sort();
  const halves: [Set<string>, Set<string>] = [new Set(), new Set()];
  [...positive, ...negative].forEach((g, i) => halves[i % 2]!.add(g));
  return halves;
}

/** The lowest threshold reaching `targetPrecision` on `rows` (100 when none does). */
export function chooseThreshold(rows: readonly HoldoutRow[], targetPrecision: number): number {
  const candidates = [...new Set(rows.map((r) => r.confidence).filter((c) => c > 0))].sort((a, b) => a - b);
  for (const t of candidates) {
    const s = score(rows.map((r) => ({ truth: r.truth, predicted: r.confidence >= t })));
    if (s.precision >= targetPrecision && s.tp > 0) return t;
  }
  return 100;
}

export function holdout(rows: readonly HoldoutRow[], targetPrecision = 0.95): HoldoutResult {
  const [a, b] = splitGroups(rows);
  const decisions: Array<{ truth: boolean; predicted: boolean }> = [];
  const thresholds: number[] = [];
  for (const [train, test] of [
    [a, b],
    [b, a],
  ] as const) {
    const t = chooseThreshold(
      rows.filter((r) => train.has(r.group)),
      targetPrecision,
    );
    thresholds.push(t);
    for (const r of rows.filter((x) => test.has(x.group)))
      decisions.push({ truth: r.truth, predicted: r.confidence >= t });
  }
  return { ...score(decisions), thresholds };
}
