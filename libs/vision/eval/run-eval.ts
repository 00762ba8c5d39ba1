/**
 * `nx run vision:eval [-- --set <dir> …]`: runs, per image, exactly the decision the pipeline
 * makes for one sample with the shipped defaults — the local detector's `detectLabels` with the
 * default MinConfidence (55), then `matchTrigger` with the label's default minimum confidence
 * (`DEFAULT_CAT_MIN_CONFIDENCE` for Cat, Rekognition's 55 otherwise) — and scores it against the
 * set's truth. Prints the misses and false positives (file, top labels with confidences), a
 * breed-disjoint held-out figure per label (holdout.ts), and last
 * `eval vision: images=N <label>_precision=… <label>_recall=… …`.
 * Without `--set`: the built-in sets, the fixture variants then the pets set (its line is last).
 * The detector is the pipeline's choice (`DETECTOR`, default local), so `DETECTOR=rekognition`
 * with AWS credentials scores Amazon Rekognition on the same images.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  createDetectorFromEnv,
  DEFAULT_CAT_MIN_CONFIDENCE,
  DEFAULT_MIN_CONFIDENCE,
  detectorKindFromEnv,
  matchTrigger,
  type Label,
  type LabelDetector,
  type LocalDetector,
} from '../src/index';
import { buildEvalSet, groupOf, PETS_DIR, readTruthSet, score, truthLabels, type EvalImage } from './eval-set';
import { describeCatStages } from './explain';
import { holdout } from './holdout';

interface NamedSet {
  name: string;
  images: EvalImage[];
}

interface Row {
  image: EvalImage;
  /** Every label down to confidence 0 (for the printout and the held-out check). */
  all: Label[];
  /** Labels whose trigger fired, as the pipeline decides. */
  fired: Set<string>;
}

const minConfidenceFor = (label: string): number =>
  label.toLowerCase() === 'cat' ? DEFAULT_CAT_MIN_CONFIDENCE : DEFAULT_MIN_CONFIDENCE;

function setDirs(argv: readonly string[]): string[] {
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--set' || arg.startsWith('--set=')) {
      const value = arg === '--set' ? argv[++i] : arg.slice('--set='.length);
      if (!value) throw new Error('eval: --set needs a directory (images + truth.tsv)');
      dirs.push(resolveDir(value));
    } else {
      throw new Error(`eval: unknown argument ${JSON.stringify(arg)}; usage: eval [--set <dir>]…`);
    }
  }
  return dirs;
}

/** nx runs this in the project folder; a relative path may also be meant from where nx was started. */
function resolveDir(value: string): string {
  const candidates = [
    path.resolve(value),
    ...(process.env.INIT_CWD ? [path.resolve(process.env.INIT_CWD, value)] : []),
  ];
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}

async function loadSets(dirs: readonly string[]): Promise<NamedSet[]> {
  if (dirs.length > 0)
    return Promise.all(dirs.map(async (d) => ({ name: path.basename(d), images: await readTruthSet(d) })));
  return [
    { name: 'fixtures', images: await buildEvalSet() },
    { name: 'pets', images: await readTruthSet(PETS_DIR) },
  ];
}

async function runSet(detector: LabelDetector, set: NamedSet, labels: readonly string[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const image of set.images) {
    const all = (await detector.detectLabels(image.bytes, { MinConfidence: 0 })).Labels;
    // The same labels as a call with the default MinConfidence: those below it can never match.
    const pipelineLabels = all.filter((l) => l.Confidence >= DEFAULT_MIN_CONFIDENCE);
    const fired = new Set(
      labels.filter((label) => matchTrigger(pipelineLabels, { label, minConfidence: minConfidenceFor(label) })),
    );
    rows.push({ image, all, fired });
  }
  return rows;
}

function topLabels(all: readonly Label[]): string {
  return (
    all
      .filter((l) => l.Instances.length > 0)
      .slice(0, 4)
      .map((l) => `${l.Name} ${l.Confidence.toFixed(1)}`)
      .join(', ') || 'none'
  );
}

function heldOut(rows: readonly Row[], label: string): string {
  const holdoutRows = rows.map((r) => ({
    group: groupOf(r.image.name),
    truth: r.image.truth.includes(label),
    confidence: r.all.find((l) => l.Name === label)?.Confidence ?? 0,
  }));
  if (new Set(holdoutRows.filter((r) => r.truth).map((r) => r.group)).size < 2)
    return 'held-out: n/a (fewer than 2 groups show the label)';
  const held = holdout(holdoutRows);
  const thresholds = held.thresholds.map((t) => t.toFixed(1)).join('/');
  return `held-out (group-disjoint 2-fold, threshold chosen on the other half for precision ≥ 0.95: ${thresholds}): precision=${held.precision.toFixed(3)} recall=${held.recall.toFixed(3)}`;
}

/**
 * With the local detector, what each stage of the Cat decision saw on every Cat miss and false
 * Cat (one more `inspect` per such photo), keyed by image name.
 */
async function explainCats(detector: LabelDetector, rows: readonly Row[]): Promise<Map<string, string>> {
  const explained = new Map<string, string>();
  if (detectorKindFromEnv(process.env) !== 'local') return explained;
  for (const r of rows) {
    if (r.image.truth.includes('Cat') !== r.fired.has('Cat'))
      explained.set(r.image.name, describeCatStages(await (detector as LocalDetector).inspect(r.image.bytes)));
  }
  return explained;
}

function report(
  set: NamedSet,
  rows: readonly Row[],
  labels: readonly string[],
  explained: ReadonlyMap<string, string>,
): string {
  const parts: string[] = [];
  for (const label of labels) {
    const key = label.toLowerCase().replace(/\s+/g, '_');
    for (const r of rows) {
      const truth = r.image.truth.includes(label);
      const predicted = r.fired.has(label);
      if (truth !== predicted)
        console.log(`  ${truth ? 'miss' : 'false'} ${label}: ${r.image.name} — top: ${topLabels(r.all)}`);
      const stages = label === 'Cat' && truth !== predicted ? explained.get(r.image.name) : undefined;
      if (stages) console.log(`    stages: ${stages}`);
    }
    const s = score(rows.map((r) => ({ truth: r.image.truth.includes(label), predicted: r.fired.has(label) })));
    console.log(`${set.name} ${label}: tp=${s.tp} fp=${s.fp} fn=${s.fn} tn=${s.tn}; ${heldOut(rows, label)}`);
    parts.push(`${key}_precision=${s.precision.toFixed(3)} ${key}_recall=${s.recall.toFixed(3)}`);
  }
  return `eval vision: images=${rows.length} ${parts.join(' ')} set=${set.name} cat_min_confidence=${DEFAULT_CAT_MIN_CONFIDENCE}`;
}

const dirs = setDirs(process.argv.slice(2));
// DETECTOR=rekognition (with AWS credentials) measures Rekognition on the same sets; default local.
const detector = createDetectorFromEnv(process.env);
if (detectorKindFromEnv(process.env) === 'local') await (detector as LocalDetector).warmUp();
// One `eval vision:` line per set, each right after its set, so the last line is the last set's.
for (const set of await loadSets(dirs)) {
  const labels = truthLabels(set.images);
  const started = performance.now();
  const rows = await runSet(detector, set, labels);
  console.log(
    `${set.name}: ${rows.length} images in ${((performance.now() - started) / 1000).toFixed(1)} s; misses and false positives:`,
  );
  console.log(report(set, rows, labels, await explainCats(detector, rows)));
}
