/**
 * Face similarity of the offline matcher: cosine of two L2-normalised FaceRes descriptors.
 * The threshold was chosen from measured similarities (libs/vision README, "Faces"): the same
 * face in other pictures (crop, channel frame at three zooms, mirror) 0.948-0.981; a different
 * person (Grace Hopper) 0.367-0.406; animal and object "faces" BlazeFace also boxes 0.159-0.243;
 * the same face degraded (JPEG q10, blur, rotation, darkness, greyscale, ~38 px wide) 0.812-0.961.
 */

/** A face matches a gallery person at or above this cosine similarity. */
export const NAMED_FACE_MIN_SIMILARITY = 0.6;

export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`descriptors differ in length (${a.length} vs ${b.length})`);
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

/** Rekognition-style MatchConfidence (0..100, 3 decimals) from a cosine similarity. */
export function matchConfidence(similarity: number): number {
  return Math.round(Math.min(1, Math.max(0, similarity)) * 100_000) / 1000;
}
