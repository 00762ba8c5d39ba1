/**
 * The labelled evaluation set, made on the fly from the fixture images: each image plus crops,
 * a flip, scalings, brightness changes, JPEG re-encodes and a 640x360 letterboxed frame (what
 * the demo channel shows). Crops are chosen to keep the labelled subject in view.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';

export const FIXTURE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'fixtures', 'images');

/** Which evaluated labels each fixture shows (by Rekognition name). */
export const FIXTURE_TRUTH: Readonly<Record<string, readonly string[]>> = {
  'chelsea.png': ['Cat'],
  'astronaut.png': ['Person'],
  'coffee.png': [],
  'hubble_deep_field.jpg': [],
  'horse.png': [],
  'rocket.jpg': [],
};

export interface EvalImage {
  name: string;
  truth: readonly string[];
  bytes: Buffer;
}

type Variant = [name: string, make: (image: Sharp, width: number, height: number) => Sharp];

const VARIANTS: Variant[] = [
  ['original', (img) => img.png()],
  ['flip', (img) => img.flop().png()],
  ['crop-centre-80', (img, w, h) => img.extract(centre(w, h, 0.8)).png()],
  ['crop-left-75', (img, w, h) => img.extract({ left: 0, top: 0, width: Math.round(w * 0.75), height: h }).png()],
  [
    'crop-right-75',
    (img, w, h) =>
      img.extract({ left: w - Math.round(w * 0.75), top: 0, width: Math.round(w * 0.75), height: h }).png(),
  ],
  ['crop-top-80', (img, w, h) => img.extract({ left: 0, top: 0, width: w, height: Math.round(h * 0.8) }).png()],
  ['scale-50', (img, w) => img.resize({ width: Math.round(w * 0.5) }).png()],
  ['scale-200', (img, w) => img.resize({ width: w * 2 }).png()],
  ['dark-60', (img) => img.modulate({ brightness: 0.6 }).png()],
  ['bright-140', (img) => img.modulate({ brightness: 1.4 }).png()],
  ['jpeg-q30', (img) => img.jpeg({ quality: 30 })],
  ['jpeg-q75', (img) => img.jpeg({ quality: 75 })],
  ['grey', (img) => img.greyscale().png()],
  ['frame-640x360', (img) => img.resize(640, 360, { fit: 'contain', background: '#000' }).jpeg({ quality: 85 })],
];

function centre(w: number, h: number, fraction: number) {
  const width = Math.round(w * fraction);
  const height = Math.round(h * fraction);
  return { left: Math.round((w - width) / 2), top: Math.round((h - height) / 2), width, height };
}

/** Builds every variant of every fixture (in memory). */
export async function buildEvalSet(): Promise<EvalImage[]> {
  const out: EvalImage[] = [];
  for (const [file, truth] of Object.entries(FIXTURE_TRUTH)) {
    const source = await readFile(path.join(FIXTURE_DIR, file));
    const { width, height } = await sharp(source).metadata();
    for (const [variant, make] of VARIANTS) {
      out.push({
        name: `${file}#${variant}`,
        truth,
        bytes: await make(sharp(source).flatten({ background: '#000' }), width, height).toBuffer(),
      });
    }
  }
  return out;
}

/** 640x360 JPEG frames as the pipeline sees them: letterboxed and cover-cropped, plain and mirrored. */
export async function buildFrames(): Promise<EvalImage[]> {
  const out: EvalImage[] = [];
  for (const [file, truth] of Object.entries(FIXTURE_TRUTH)) {
    const source = await readFile(path.join(FIXTURE_DIR, file));
    for (const fit of ['contain', 'cover'] as const) {
      for (const mirrored of [false, true]) {
        let img = sharp(source).flatten({ background: '#000' }).resize(640, 360, { fit, background: '#000' });
        if (mirrored) img = img.flop();
        out.push({
          name: `${file}#${fit}${mirrored ? '-mirrored' : ''}`,
          truth,
          bytes: await img.jpeg({ quality: 80 }).toBuffer(),
        });
      }
    }
  }
  return out;
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
}

/** Precision/recall of "label present" decisions; precision is 1 when nothing was predicted. */
export function score(decisions: ReadonlyArray<{ truth: boolean; predicted: boolean }>): Score {
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0;
  for (const d of decisions) {
    if (d.truth && d.predicted) tp++;
    else if (!d.truth && d.predicted) fp++;
    else if (d.truth) fn++;
    else tn++;
  }
  return { tp, fp, fn, tn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

/** The pets development set shipped with the project (CC BY-SA 4.0, see its SOURCES.md). */
export const PETS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sets', 'pets');

/**
 * A labelled folder: images plus `truth.tsv` (header `file<TAB>labels`; labels a comma-separated
 * list of Rekognition names, empty for none). Every listed file must exist; a bad line throws
 * naming the file and line.
 */
export async function readTruthSet(dir: string): Promise<EvalImage[]> {
  const truthPath = path.join(dir, 'truth.tsv');
  let text: string;
  try {
    text = await readFile(truthPath, 'utf8');
  } catch (error) {
    throw new Error(
      `eval set ${dir}: cannot read truth.tsv (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== 'file\tlabels')
    throw new Error(`${truthPath}: line 1 must be the header "file<TAB>labels", got ${JSON.stringify(lines[0])}`);
  const out: EvalImage[] = [];
  for (const [i, line] of lines.entries()) {
    if (i === 0 || line.trim() === '') continue;
    const [file, labels = '', ...extra] = line.split('\t');
    if (!file || extra.length > 0)
      throw new Error(`${truthPath}: line ${i + 1} must be "file<TAB>labels", got ${JSON.stringify(line)}`);
    const truth = labels
      .split(',')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(dir, file));
    } catch (error) {
      throw new Error(
        `${truthPath}: line ${i + 1}: cannot read ${file} (${error instanceof Error ? error.message : String(error)})`,
        { cause: error },
      );
    }
    out.push({ name: file, truth, bytes });
  }
  if (out.length === 0) throw new Error(`${truthPath}: no images listed`);
  return out;
}

/** Labels named in the truth of a set, in first-seen order. */
export function truthLabels(set: readonly EvalImage[]): string[] {
  return [...new Set(set.flatMap((image) => image.truth))];
}

/** Group of a file for a group-disjoint split: its name without a trailing `_N` and extension (the breed). */
export function groupOf(file: string): string {
  return path
    .basename(file)
    .replace(/\.[^.]+$/, '')
    .replace(/_\d+$/, '')
    .replace(/#.*$/, '');
}
