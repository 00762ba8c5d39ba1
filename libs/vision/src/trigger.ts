/**
 * Trigger matching as DESIGN.md defines it: a watched label matches an observation's label when
 * its name equals the label's Name, one of its Aliases or one of its Parents (so `Pet` matches a
 * cat), with confidence at least the trigger's minimum.
 */
import type { Label } from './types';

export interface Trigger {
  /** The watched label, e.g. `Cat`, `Pet`, `Human`. Compared case-insensitively. */
  label: string;
  /** Minimum confidence 0..100 (inclusive). */
  minConfidence: number;
}

export interface TriggerMatch {
  /** The observed label that matched (highest confidence first). */
  label: Label;
  /** How it matched. */
  via: 'name' | 'alias' | 'parent';
  confidence: number;
}

/** How `name` relates to `label` (ignoring confidence), or undefined when it does not. */
export function labelMatches(label: Label, name: string): TriggerMatch['via'] | undefined {
  const wanted = normalise(name);
  if (normalise(label.Name) === wanted) return 'name';
  if (label.Aliases.some((alias) => normalise(alias.Name) === wanted)) return 'alias';
  if (label.Parents.some((parent) => normalise(parent.Name) === wanted)) return 'parent';
  return undefined;
}

/**
 * The best-confidence label that satisfies the trigger, or undefined. Labels below the minimum
 * never match, even when their name fits.
 */
export function matchTrigger(labels: readonly Label[], trigger: Trigger): TriggerMatch | undefined {
  let best: TriggerMatch | undefined;
  for (const label of labels) {
    if (!(label.Confidence >= trigger.minConfidence)) continue;
    const via = labelMatches(label, trigger.label);
    if (via && (!best || label.Confidence > best.confidence)) best = { label, via, confidence: label.Confidence };
  }
  return best;
}

function normalise(name: string): string {
  return name.trim().toLowerCase();
}
