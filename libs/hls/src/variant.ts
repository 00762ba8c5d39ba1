import { VariantSelectionError } from './errors';
import type { MasterPlaylist, Variant } from './types';

/** Rule choosing the variant to analyse. */
export interface VariantRule {
  /**
   * Highest bandwidth at or below this (bits/s) wins; when none fits, the lowest bandwidth one.
   * @default Infinity (the highest bandwidth)
   */
  readonly maxBandwidth?: number;
}

/**
 * Choose the variant to analyse: the highest BANDWIDTH ≤ `maxBandwidth` (ties: larger picture
 * first); if every variant is above the cap, the lowest-bandwidth one (analysing something beats
 * analysing nothing, and it is the cheapest to fetch).
 */
export function selectVariant(master: MasterPlaylist, rule: VariantRule = {}): Variant {
  const cap = rule.maxBandwidth ?? Number.POSITIVE_INFINITY;
  if (Number.isNaN(cap) || cap < 0)
    throw new VariantSelectionError(`maxBandwidth must be a non-negative number, got ${cap}`, master.url);
  const pixels = (v: Variant): number => (v.resolution ? v.resolution.width * v.resolution.height : 0);
  const sorted = [...master.variants].sort((a, b) => b.bandwidth - a.bandwidth || pixels(b) - pixels(a));
  const chosen = sorted.find((v) => v.bandwidth <= cap) ?? sorted.at(-1);
  if (!chosen) throw new VariantSelectionError(`master playlist ${master.url} has no variants`, master.url);
  return chosen;
}
