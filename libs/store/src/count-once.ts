/**
 * A label or person summary counts each sample once: its update is conditioned on the sample's key
 * (frames.ts `sampleKey`) coming after the last one counted, so a replayed sample (a retried
 * segment) is refused with `{ applied: false }` instead of being counted twice.
 */
import { isConditionalFailure } from './context';

/** The condition of a count-once update; the sample's key is `:s`, stored as `lastSampleSk`. */
export const AFTER_LAST_SAMPLE = 'attribute_not_exists(lastSampleSk) OR lastSampleSk < :s';

/** Runs a count-once update: applied, or refused because the sample was already counted. */
export async function countOnce(update: () => Promise<unknown>): Promise<{ applied: boolean }> {
  try {
    await update();
    return { applied: true };
  } catch (err) {
    if (isConditionalFailure(err)) return { applied: false };
    throw err;
  }
}
