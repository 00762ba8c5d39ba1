/**
 * What each stage of the local detector's Cat decision saw on one photo (`LocalDetector.inspect`),
 * as one line for the eval's misses and false Cats: which model called the animal what, so a miss
 * can be read without a throw-away script (README, "Cat decision").
 */
import { taxonomyForClass, type DetectionStages } from '../src/index';
import { operatingScoreFor } from '../src/local/calibration';
import { ssdCatEvidence } from '../src/local/cat-fusion';
import type { RawDetection } from '../src/local/centernet-decode';
import { bestOnRegion, CAT_CLASS, CAT_RIVAL_CLASSES } from '../src/local/second-look';

const isRival = (c: number) => CAT_RIVAL_CLASSES.has(c);

/** Best cat and best rival (with its name) among `detections`. */
function catAndRival(detections: readonly RawDetection[]): { cat: number; rival: number; rivalName: string } {
  let cat = 0;
  let rival: RawDetection | undefined;
  for (const d of detections) {
    if (d.classIndex === CAT_CLASS) cat = Math.max(cat, d.score);
    else if (isRival(d.classIndex) && (!rival || d.score > rival.score)) rival = d;
  }
  const rivalName = rival ? (taxonomyForClass(rival.classIndex)?.Name ?? `class ${rival.classIndex}`) : 'none';
  return { cat, rival: rival?.score ?? 0, rivalName };
}

const f = (v: number) => v.toFixed(2);

/**
 * E.g. `first pass cat 0.13, best rival Dog 0.38; second look cat 0.18 / rival 0.61;
 * SSD cat 0.02 / rival 0.62 (evidence 0.00); fused cat evidence 0.00 (operating point 0.3)`.
 */
export function describeCatStages(stages: DetectionStages): string {
  const first = catAndRival(stages.first);
  const parts = [`first pass cat ${f(first.cat)}, best rival ${first.rivalName} ${f(first.rival)}`];
  if (stages.second && stages.region) {
    const cat = bestOnRegion(stages.second, stages.region, (c) => c === CAT_CLASS);
    const rival = bestOnRegion(stages.second, stages.region, isRival);
    parts.push(`second look cat ${f(cat)} / rival ${f(rival)}`);
  } else {
    parts.push('no second look');
  }
  parts.push(
    stages.ssd
      ? `SSD cat ${f(stages.ssd.cat)} / rival ${f(stages.ssd.rival)} (evidence ${f(ssdCatEvidence(stages.ssd))})`
      : 'SSD not asked',
  );
  const fused = Math.max(0, ...stages.final.filter((d) => d.classIndex === CAT_CLASS).map((d) => d.score));
  parts.push(`fused cat evidence ${f(fused)} (operating point ${operatingScoreFor(CAT_CLASS)})`);
  return parts.join('; ');
}
