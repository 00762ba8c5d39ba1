/**
 * Raw detections → Rekognition-shaped labels: one label per detected class (its instances), plus
 * one label per parent (e.g. `Pet`, `Mammal`, `Animal` for a cat) without instances, as
 * Rekognition returns them. A label's confidence is its best instance's.
 */
import { taxonomyForClass, toRefs, PARENT_PARENTS } from '../taxonomy';
import type { Label } from '../types';
import type { RawDetection } from './centernet-decode';

export function buildLabels(
  detections: readonly RawDetection[],
  confidenceOf: (score: number, classIndex: number) => number,
): Label[] {
  const byName = new Map<string, Label>();
  for (const det of detections) {
    const entry = taxonomyForClass(det.classIndex);
    if (!entry) continue;
    const confidence = confidenceOf(det.score, det.classIndex);
    let label = byName.get(entry.Name);
    if (!label) {
      label = {
        Name: entry.Name,
        Confidence: confidence,
        Instances: [],
        Parents: toRefs(entry.Parents),
        Aliases: toRefs(entry.Aliases),
        Categories: toRefs(entry.Categories),
      };
      byName.set(entry.Name, label);
    }
    label.Confidence = Math.max(label.Confidence, confidence);
    label.Instances.push({ BoundingBox: det.box, Confidence: confidence });
  }
  // Parents are added after every class label exists, so a class label always wins a name clash.
  for (const label of [...byName.values()]) {
    for (const parent of label.Parents) {
      const existing = byName.get(parent.Name);
      if (existing) {
        existing.Confidence = Math.max(existing.Confidence, label.Confidence);
        continue;
      }
      byName.set(parent.Name, {
        Name: parent.Name,
        Confidence: label.Confidence,
        Instances: [],
        Parents: toRefs(PARENT_PARENTS[parent.Name] ?? []),
        Aliases: [],
        Categories: label.Categories.map((c) => ({ ...c })),
      });
    }
  }
  for (const label of byName.values()) label.Instances.sort((a, b) => b.Confidence - a.Confidence);
  return [...byName.values()];
}
