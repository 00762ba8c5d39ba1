/**
 * Person triggers in `LABELS`: `Celebrity:<Name>[:minConfidence[:preRollSeconds[:postRollSeconds]]]`,
 * e.g. `LABELS="Cat,Celebrity:Eileen Collins:90"`. The trigger watches a person by name: it
 * matches a sample's recognised faces (Rekognition celebrities on AWS, the named-faces gallery
 * offline) whose Name equals it with MatchConfidence at least the minimum, and its appearances
 * are clipped exactly as a label's. Its `label` is the person's name (the appearances, clips and
 * feeds carry it), so it must not repeat another trigger's name.
 */
import { DEFAULT_MIN_CONFIDENCE, LIMITS } from './constants';
import type { Trigger } from './triggers';

/** The prefix that makes an item a person trigger (case-insensitive). */
export const PERSON_TRIGGER_PREFIX = 'Celebrity:';

export function isPersonTriggerItem(item: string): boolean {
  return item.toLowerCase().startsWith(PERSON_TRIGGER_PREFIX.toLowerCase());
}

/**
 * Parses one `Celebrity:` item; pushes what is wrong to `problems` (naming the item) and returns
 * undefined then. `existing` are the triggers parsed so far (for the duplicate check).
 */
export function parsePersonTrigger(
  item: string,
  where: string,
  problems: string[],
  existing: readonly Trigger[],
): Trigger | undefined {
  const [name = '', confidence, preRoll, postRoll, ...extra] = item
    .slice(PERSON_TRIGGER_PREFIX.length)
    .split(':')
    .map((s) => s.trim());
  if (extra.length > 0) {
    problems.push(`${where} has too many fields; expected Celebrity:<Name>[:minConfidence[:preRoll[:postRoll]]]`);
    return undefined;
  }
  if (!/^[\p{L}\p{N}]/u.test(name) || name.length > 100) {
    problems.push(
      `${where}: the person's name must start with a letter or digit (max 100 characters), e.g. Celebrity:Eileen Collins`,
    );
    return undefined;
  }
  const numbers: number[] = [];
  for (const [text, what, fallback, range] of [
    [confidence, 'minConfidence', DEFAULT_MIN_CONFIDENCE, LIMITS.confidence],
    [preRoll, 'preRollSeconds', 0, LIMITS.rollSeconds],
    [postRoll, 'postRollSeconds', 0, LIMITS.rollSeconds],
  ] as const) {
    const n = text === undefined || text === '' ? fallback : Number(text);
    if (!Number.isFinite(n) || n < range.min || n > range.max) {
      problems.push(`${where}: ${what} ${JSON.stringify(text)} must be a number from ${range.min} to ${range.max}`);
      return undefined;
    }
    numbers.push(n);
  }
  if (existing.some((t) => t.label.toLowerCase() === name.toLowerCase())) {
    problems.push(`${where}: ${name} is listed twice`);
    return undefined;
  }
  const [minConfidence = DEFAULT_MIN_CONFIDENCE, preRollSeconds = 0, postRollSeconds = 0] = numbers;
  return { label: name, kind: 'person', minConfidence, preRollSeconds, postRollSeconds };
}
