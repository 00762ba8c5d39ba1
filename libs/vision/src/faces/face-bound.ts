/**
 * When to ask "who is this?" — the bound on face recognition calls (RecognizeCelebrities is paid
 * per image; the offline matcher costs two model runs). Pure, so it is unit-tested on its own.
 *
 * A sample is recognised only when a Person label is on it, and then at most once per scene:
 * the first Person sample of a scene calls; later samples of the same scene reuse that answer
 * unless the people changed — a different number of Person instances (at the minimum confidence),
 * or an instance box that no longer overlaps its counterpart (best IoU below `minBoxIou`).
 */
import { iou } from '../local/centernet-decode';
import { matchTrigger } from '../trigger';
import type { BoundingBox, Label } from '../types';
import type { RecognizeFacesResult } from './types';

/** Person boxes overlapping their previous selves less than this (IoU) count as changed faces. */
export const FACE_CALL_MIN_BOX_IOU = 0.5;
/** A Person label at or above this confidence gates recognition (Rekognition's DetectLabels default). */
export const FACE_CALL_PERSON_MIN_CONFIDENCE = 55;

/** What the bound remembers of the last call in the current scene. */
export interface FaceCallMemo {
  /** Person instance boxes on the sample that was recognised. */
  readonly persons: readonly BoundingBox[];
  readonly result: RecognizeFacesResult;
}

export interface FaceBoundSample {
  /** First sample of a new scene. */
  readonly isCut: boolean;
  /** Detected labels; null when detection failed (nothing is known: no call). */
  readonly labels: readonly Label[] | null;
}

export type FaceDecision =
  /** No Person on the sample: no faces, no call. */
  | { readonly action: 'none' }
  /** Same scene, same people: the memo's answer stands. */
  | { readonly action: 'reuse'; readonly result: RecognizeFacesResult }
  /** Call the recogniser, then remember the answer with `persons`. */
  | { readonly action: 'call'; readonly persons: readonly BoundingBox[] };

export interface FaceBoundOptions {
  /** @default FACE_CALL_PERSON_MIN_CONFIDENCE */
  personMinConfidence?: number;
  /** @default FACE_CALL_MIN_BOX_IOU */
  minBoxIou?: number;
}

export function decideFaceCall(
  memo: FaceCallMemo | undefined,
  sample: FaceBoundSample,
  options: FaceBoundOptions = {},
): FaceDecision {
  if (sample.labels === null) return { action: 'none' };
  const minConfidence = options.personMinConfidence ?? FACE_CALL_PERSON_MIN_CONFIDENCE;
  const person = matchTrigger(sample.labels, { label: 'Person', minConfidence });
  if (!person) return { action: 'none' };
  // Only confident instances count: weak extra boxes come and go between frames of a still scene.
  const persons = person.label.Instances.filter((i) => i.Confidence >= minConfidence).map((i) => i.BoundingBox);
  if (memo && !sample.isCut && samePeople(memo.persons, persons, options.minBoxIou ?? FACE_CALL_MIN_BOX_IOU)) {
    return { action: 'reuse', result: memo.result };
  }
  return { action: 'call', persons };
}

/** Same count, and every box has a counterpart it overlaps by at least `minIou` (greedy, best first). */
export function samePeople(before: readonly BoundingBox[], after: readonly BoundingBox[], minIou: number): boolean {
  if (before.length !== after.length) return false;
  const unused = [...before];
  for (const box of after) {
    let bestAt = -1;
    let best = 0;
    unused.forEach((candidate, i) => {
      const overlap = iou(candidate, box);
      if (overlap > best) [best, bestAt] = [overlap, i];
    });
    if (bestAt < 0 || best < minIou) return false;
    unused.splice(bestAt, 1);
  }
  return true;
}
