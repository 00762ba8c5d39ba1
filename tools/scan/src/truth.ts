/**
 * Scoring a scan against a truth file `{"fps": 25, "labels": {"Cat": [[300, 499], …]}}`
 * (inclusive frame ranges of the source). Per label, clips and truth ranges are paired one to
 * one, largest overlap first; a pair is an appearance found (with its start and end error in
 * frames), an unpaired truth range is missed, an unpaired clip is false.
 * `frame_errors` counts the bounds (starts and ends) of found appearances that differ from the truth.
 */
import { readFile } from 'node:fs/promises';
import { TruthFileError } from './errors';

export type FrameRange = readonly [number, number];

export interface Truth {
  readonly fps: number;
  readonly labels: Readonly<Record<string, readonly FrameRange[]>>;
}

export interface ClipSpan {
  readonly label: string;
  readonly firstFrame: number;
  readonly lastFrame: number;
  readonly frameRate: number;
}

export interface FoundAppearance {
  readonly truth: FrameRange;
  readonly clip: FrameRange;
  readonly startError: number;
  readonly endError: number;
}

export interface LabelScore {
  readonly label: string;
  readonly found: readonly FoundAppearance[];
  readonly missed: readonly FrameRange[];
  readonly falseClips: readonly FrameRange[];
}

export interface ScanScore {
  readonly labels: readonly LabelScore[];
  readonly recall: number;
  readonly precision: number;
  readonly frameErrors: number;
}

export async function readTruth(file: string): Promise<Truth> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new TruthFileError(file, `cannot be read as JSON (${(error as Error).message})`, { cause: error });
  }
  return checkTruth(file, value);
}

export function checkTruth(file: string, value: unknown): Truth {
  const o = value as { fps?: unknown; labels?: unknown } | null;
  if (typeof o !== 'object' || o === null)
    throw new TruthFileError(file, 'must be an object {"fps": number, "labels": {...}}');
  if (typeof o.fps !== 'number' || !(o.fps > 0))
    throw new TruthFileError(file, `"fps" must be a positive number, got ${JSON.stringify(o.fps)}`);
  if (typeof o.labels !== 'object' || o.labels === null || Array.isArray(o.labels))
    throw new TruthFileError(file, '"labels" must be an object of label → [[first, last], …]');
  const labels: Record<string, FrameRange[]> = {};
  for (const [label, ranges] of Object.entries(o.labels)) {
    if (!Array.isArray(ranges))
      throw new TruthFileError(file, `labels.${label} must be an array of [first, last] frame pairs`);
    labels[label] = ranges.map((r: unknown, i) => {
      const ok =
        Array.isArray(r) &&
        r.length === 2 &&
        r.every((n) => Number.isInteger(n) && n >= 0) &&
        (r[0] as number) <= (r[1] as number);
      if (!ok)
        throw new TruthFileError(
          file,
          `labels.${label}[${i}] must be [first, last] whole frames with first ≤ last, got ${JSON.stringify(r)}`,
        );
      return [r[0], r[1]] as const;
    });
  }
  return { fps: o.fps, labels };
}

const overlap = (a: FrameRange, b: FrameRange): number => Math.min(a[1], b[1]) - Math.max(a[0], b[0]) + 1;

export function scoreClips(truth: Truth, clips: readonly ClipSpan[]): ScanScore {
  const names = [...new Set([...Object.keys(truth.labels), ...clips.map((c) => c.label)])].sort();
  const labels = names.map((label) =>
    scoreLabel(
      label,
      truth.labels[label] ?? [],
      clips.filter((c) => c.label === label).map((c) => toTruthFrames(c, truth.fps)),
    ),
  );
  const found = labels.reduce((n, l) => n + l.found.length, 0);
  const truthCount = labels.reduce((n, l) => n + l.found.length + l.missed.length, 0);
  const clipCount = labels.reduce((n, l) => n + l.found.length + l.falseClips.length, 0);
  const frameErrors = labels.reduce(
    (n, l) => n + l.found.filter((f) => f.startError !== 0).length + l.found.filter((f) => f.endError !== 0).length,
    0,
  );
  return {
    labels,
    recall: truthCount === 0 ? 1 : found / truthCount,
    precision: clipCount === 0 ? 1 : found / clipCount,
    frameErrors,
  };
}

function toTruthFrames(clip: ClipSpan, fps: number): FrameRange {
  if (Math.abs(clip.frameRate - fps) < 1e-6) return [clip.firstFrame, clip.lastFrame];
  return [
    Math.round((clip.firstFrame * fps) / clip.frameRate),
    Math.round(((clip.lastFrame + 1) * fps) / clip.frameRate) - 1,
  ];
}

function scoreLabel(label: string, truth: readonly FrameRange[], clips: readonly FrameRange[]): LabelScore {
  const pairs: { t: number; c: number; size: number }[] = [];
  truth.forEach((t, ti) =>
    clips.forEach((c, ci) => {
      const size = overlap(t, c);
      if (size > 0) pairs.push({ t: ti, c: ci, size });
    }),
  );
  pairs.sort((a, b) => b.size - a.size);
  const usedT = new Set<number>();
  const usedC = new Set<number>();
  const found: FoundAppearance[] = [];
  for (const p of pairs) {
    if (usedT.has(p.t) || usedC.has(p.c)) continue;
    usedT.add(p.t);
    usedC.add(p.c);
    const t = truth[p.t]!;
    const c = clips[p.c]!;
    found.push({ truth: t, clip: c, startError: c[0] - t[0], endError: c[1] - t[1] });
  }
  found.sort((a, b) => a.truth[0] - b.truth[0]);
  return {
    label,
    found,
    missed: truth.filter((_, i) => !usedT.has(i)),
    falseClips: clips.filter((_, i) => !usedC.has(i)),
  };
}

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

/** The per-label report lines. */
export function formatScore(score: ScanScore): string[] {
  const lines: string[] = [];
  for (const l of score.labels) {
    lines.push(`${l.label}: found=${l.found.length} missed=${l.missed.length} false=${l.falseClips.length}`);
    for (const f of l.found)
      lines.push(
        `  found ${f.truth[0]}-${f.truth[1]}: clip ${f.clip[0]}-${f.clip[1]} start_error=${signed(f.startError)} end_error=${signed(f.endError)}`,
      );
    for (const m of l.missed) lines.push(`  missed ${m[0]}-${m[1]}`);
    for (const c of l.falseClips) lines.push(`  false clip ${c[0]}-${c[1]}`);
  }
  return lines;
}
