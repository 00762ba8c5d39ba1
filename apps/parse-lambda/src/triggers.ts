/**
 * The `LABELS` variable: `name[:minConfidence[:preRollSeconds[:postRollSeconds]]]`, comma separated,
 * e.g. `Cat:60,Person:70:1:1`. Parsing returns problems as data so the config reader can list
 * them together with every other bad variable.
 */
import { DEFAULT_MIN_CONFIDENCE, LIMITS } from './constants';
import { isPersonTriggerItem, parsePersonTrigger } from './person-triggers';

/** One watched label and how its clips are cut. */
export interface Trigger {
  /** Rekognition-style label name, e.g. `Cat`. */
  readonly label: string;
  /** Minimum confidence (0–100) for a sample to match. @default 55 */
  readonly minConfidence: number;
  /** Seconds added before the clip's first scene. @default 0 */
  readonly preRollSeconds: number;
  /** Seconds added after the clip's last scene. @default 0 */
  readonly postRollSeconds: number;
  /** `person`: `label` is a person's name matched against recognised faces (person-triggers.ts). @default 'label' */
  readonly kind?: 'label' | 'person';
}

/** Rough shape here; libs/store's validateLabel has the final word (checked in config.ts). */
const LABEL_NAME = /^[\p{L}\p{N}][^:,]{0,99}$/u;

export function parseTriggers(spec: string): { triggers: Trigger[]; problems: string[] } {
  const triggers: Trigger[] = [];
  const problems: string[] = [];
  const items = spec.split(',').map((s) => s.trim());
  items.forEach((item, position) => {
    const where = `item ${position + 1} (${JSON.stringify(item)})`;
    if (item === '') {
      problems.push(`${where} is empty`);
      return;
    }
    if (isPersonTriggerItem(item)) {
      const person = parsePersonTrigger(item, where, problems, triggers);
      if (person) triggers.push(person);
      return;
    }
    const parts = item.split(':').map((s) => s.trim());
    const [name = '', confidence, preRoll, postRoll, ...extra] = parts;
    if (extra.length > 0) {
      problems.push(`${where} has ${parts.length} fields; expected name[:minConfidence[:preRoll[:postRoll]]]`);
      return;
    }
    if (!LABEL_NAME.test(name)) {
      problems.push(`${where}: label name must start with a letter or digit (max 100 characters)`);
      return;
    }
    const num = (
      text: string | undefined,
      what: string,
      fallback: number,
      range: { min: number; max: number },
    ): number | undefined => {
      if (text === undefined || text === '') return fallback;
      const n = Number(text);
      if (!Number.isFinite(n) || n < range.min || n > range.max) {
        problems.push(`${where}: ${what} ${JSON.stringify(text)} must be a number from ${range.min} to ${range.max}`);
        return undefined;
      }
      return n;
    };
    const minConfidence = num(confidence, 'minConfidence', DEFAULT_MIN_CONFIDENCE, LIMITS.confidence);
    const preRollSeconds = num(preRoll, 'preRollSeconds', 0, LIMITS.rollSeconds);
    const postRollSeconds = num(postRoll, 'postRollSeconds', 0, LIMITS.rollSeconds);
    if (minConfidence === undefined || preRollSeconds === undefined || postRollSeconds === undefined) return;
    if (triggers.some((t) => t.label.toLowerCase() === name.toLowerCase())) {
      problems.push(`${where}: label ${name} is listed twice`);
      return;
    }
    triggers.push({ label: name, minConfidence, preRollSeconds, postRollSeconds });
  });
  return { triggers, problems };
}
