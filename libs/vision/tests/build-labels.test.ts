import { describe, expect, it } from 'vitest';
import { buildLabels } from '../src/local/build-labels';
import { filterLabels, resolveDetectOptions } from '../src/filter-labels';
import { InvalidImageError } from '../src/index';

const box = { Left: 0.1, Top: 0.1, Width: 0.5, Height: 0.5 };
const confidence = (score: number) => score * 100;

describe('buildLabels', () => {
  it('groups instances per class and adds parent labels without instances', () => {
    const labels = buildLabels(
      [
        { classIndex: 15, score: 0.8, box },
        { classIndex: 15, score: 0.6, box: { ...box, Left: 0.5 } },
        { classIndex: 16, score: 0.4, box },
      ],
      confidence,
    );
    const byName = new Map(labels.map((l) => [l.Name, l]));
    expect(byName.get('Cat')?.Confidence).toBe(80);
    expect(byName.get('Cat')?.Instances.map((i) => i.Confidence)).toEqual([80, 60]);
    expect(byName.get('Pet')).toMatchObject({ Confidence: 80, Instances: [], Parents: [{ Name: 'Animal' }] });
    expect(byName.get('Canine')?.Confidence).toBe(40);
    expect(byName.get('Dog')?.Parents.map((p) => p.Name)).toContain('Pet');
  });
});

describe('filterLabels / resolveDetectOptions', () => {
  const labels = buildLabels(
    [
      { classIndex: 15, score: 0.8, box },
      { classIndex: 41, score: 0.5, box },
    ],
    confidence,
  );

  it('defaults MinConfidence to 55 like Rekognition', () => {
    expect(resolveDetectOptions(undefined)).toEqual({ minConfidence: 55, maxLabels: Number.POSITIVE_INFINITY });
  });

  it('sorts by confidence with the instance-carrying label first on ties, then truncates', () => {
    const out = filterLabels(labels, 0, Number.POSITIVE_INFINITY);
    expect(out[0]?.Name).toBe('Cat');
    expect(out.map((l) => l.Confidence)).toEqual([...out.map((l) => l.Confidence)].sort((a, b) => b - a));
    expect(filterLabels(labels, 0, 2)).toHaveLength(2);
    expect(filterLabels(labels, 60, 100).map((l) => l.Name)).not.toContain('Cup');
  });

  it('rejects out-of-range options with a typed error', () => {
    expect(() => resolveDetectOptions({ MinConfidence: 101 })).toThrow(InvalidImageError);
    expect(() => resolveDetectOptions({ MinConfidence: Number.NaN })).toThrow(/MinConfidence/);
    expect(() => resolveDetectOptions({ MaxLabels: -1 })).toThrow(/MaxLabels/);
    expect(() => resolveDetectOptions({ MaxLabels: 1.5 })).toThrow(/MaxLabels/);
  });
});
