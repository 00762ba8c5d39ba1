/**
 * Trigger matching over a whole observation: a label trigger matches the sample's labels
 * (trigger.ts), a person trigger matches its recognised faces — a `CelebrityFaces` entry whose
 * Name equals the watched person's (case-insensitive) with MatchConfidence at least the minimum.
 */
import { matchTrigger, type Trigger, type TriggerMatch } from '../trigger';
import type { Label } from '../types';
import type { CelebrityFace } from './types';

/** A trigger that may name a person: `kind: 'person'` watches faces, anything else labels. */
export interface ObservationTrigger extends Trigger {
  readonly kind?: 'label' | 'person';
}

/** What one sample showed: its labels and, when recognition ran, its recognised faces. */
export interface Observation {
  readonly labels: readonly Label[];
  readonly faces?: readonly CelebrityFace[] | undefined;
}

export type ObservationMatch =
  | (TriggerMatch & { readonly face?: undefined })
  | { readonly via: 'face'; readonly face: CelebrityFace; readonly confidence: number; readonly label?: undefined };

/** The best recognised face of the watched person at or above the minimum, or undefined. */
export function matchPerson(faces: readonly CelebrityFace[], trigger: Trigger): CelebrityFace | undefined {
  const wanted = trigger.label.trim().toLowerCase();
  let best: CelebrityFace | undefined;
  for (const face of faces) {
    if (!(face.MatchConfidence >= trigger.minConfidence) || face.Name.trim().toLowerCase() !== wanted) continue;
    if (!best || face.MatchConfidence > best.MatchConfidence) best = face;
  }
  return best;
}

export function matchObservation(observation: Observation, trigger: ObservationTrigger): ObservationMatch | undefined {
  if (trigger.kind !== 'person') return matchTrigger(observation.labels, trigger);
  const face = matchPerson(observation.faces ?? [], trigger);
  return face ? { via: 'face', face, confidence: face.MatchConfidence } : undefined;
}
