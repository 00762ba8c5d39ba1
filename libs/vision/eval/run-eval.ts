/**
 * `nx run vision:eval`: runs the local detector over the eval set, prints precision/recall for
 * Cat and Person over a sweep of raw score thresholds, then at the shipped defaults (the
 * calibrated confidence `DEFAULT_CAT_MIN_CONFIDENCE` / Rekognition's 55 for Person).
 */
import { COCO_TAXONOMY, createLocalDetector, DEFAULT_CAT_MIN_CONFIDENCE, DEFAULT_MIN_CONFIDENCE, matchTrigger, rawScoreFor } from '../src/index';
import { buildEvalSet, score } from './eval-set';

const LABELS = ['Cat', 'Person'] as const;
const SWEEP = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5];

const detector = createLocalDetector();
await detector.warmUp();
const set = await buildEvalSet();
const rows: Array<{ name: string; truth: readonly string[]; best: Record<string, number>; labels: Awaited<ReturnType<typeof detector.detectLabels>>['Labels'] }> = [];
for (const image of set) {
  const labels = (await detector.detectLabels(image.bytes, { MinConfidence: 0 })).Labels;
  const best: Record<string, number> = {};
  for (const name of LABELS) {
    // Confidence is a monotone function of the raw score, so the raw score is recovered exactly.
    const confidence = labels.find((l) => l.Name === name)?.Confidence ?? 0;
    best[name] = rawScoreFor(confidence, classIndexOf(name));
  }
  rows.push({ name: image.name, truth: image.truth, best, labels });
  if (process.env.EVAL_VERBOSE) console.log(image.name, LABELS.map((n) => `${n}=${best[n]?.toFixed(3)}`).join(' '));
}

function classIndexOf(name: string): number {
  return COCO_TAXONOMY.findIndex((entry) => entry.Name === name);
}

console.log(`eval set: ${set.length} images (${set.filter((i) => i.truth.includes('Cat')).length} with a cat, ${set.filter((i) => i.truth.includes('Person')).length} with a person)`);
console.log('raw-score sweep (threshold: precision/recall):');
for (const name of LABELS) {
  const cells = SWEEP.map((t) => {
    const s = score(rows.map((r) => ({ truth: r.truth.includes(name), predicted: (r.best[name] ?? 0) >= t })));
    return `${t.toFixed(2)}: ${s.precision.toFixed(2)}/${s.recall.toFixed(2)}`;
  });
  console.log(`  ${name.padEnd(6)} ${cells.join('  ')}`);
}
const missed = rows.filter((r) => r.truth.includes('Cat') && (r.best.Cat ?? 0) < rawScoreFor(DEFAULT_CAT_MIN_CONFIDENCE, classIndexOf('Cat'))).map((r) => r.name);
const falseCats = rows.filter((r) => !r.truth.includes('Cat') && (r.best.Cat ?? 0) >= rawScoreFor(DEFAULT_CAT_MIN_CONFIDENCE, classIndexOf('Cat'))).map((r) => r.name);
console.log(`missed cats: ${missed.join(', ') || 'none'}; false cats: ${falseCats.join(', ') || 'none'}`);
const minConfidence: Record<string, number> = { Cat: DEFAULT_CAT_MIN_CONFIDENCE, Person: DEFAULT_MIN_CONFIDENCE };
const parts = LABELS.map((name) => {
  const s = score(rows.map((r) => ({ truth: r.truth.includes(name), predicted: matchTrigger(r.labels, { label: name, minConfidence: minConfidence[name] ?? 55 })?.via === 'name' })));
  return `${name.toLowerCase()}_min_confidence=${minConfidence[name]} ${name.toLowerCase()}_precision=${s.precision.toFixed(3)} ${name.toLowerCase()}_recall=${s.recall.toFixed(3)}`;
});
console.log(`eval vision: images=${set.length} ${parts.join(' ')}`);
