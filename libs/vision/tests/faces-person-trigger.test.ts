import { describe, expect, it } from 'vitest';
import { matchObservation, matchPerson, type CelebrityFace, type Label } from '../src/index';

const face = (Name: string, MatchConfidence: number): CelebrityFace => ({
  Name,
  Id: `id-${Name}`,
  MatchConfidence,
  Urls: [],
  Face: { BoundingBox: { Left: 0.3, Top: 0.1, Width: 0.2, Height: 0.3 }, Confidence: 99 },
});
const cat: Label = {
  Name: 'Cat',
  Confidence: 80,
  Instances: [],
  Parents: [{ Name: 'Pet' }],
  Aliases: [],
  Categories: [],
};
const eileen = { label: 'Eileen Collins', minConfidence: 90, kind: 'person' as const };

describe('person triggers match recognised faces', () => {
  it('matches a face with the same name (case and outer spaces ignored) at or above the minimum', () => {
    expect(matchObservation({ labels: [], faces: [face('eileen collins ', 90)] }, eileen)).toMatchObject({
      via: 'face',
      confidence: 90,
    });
    expect(matchObservation({ labels: [], faces: [face('Eileen Collins', 89.99)] }, eileen)).toBeUndefined();
  });

  it('never matches another name, a label of that name, or a sample without recognised faces', () => {
    expect(matchObservation({ labels: [], faces: [face('Grace Hopper', 99)] }, eileen)).toBeUndefined();
    expect(matchObservation({ labels: [{ ...cat, Name: 'Eileen Collins', Confidence: 99 }] }, eileen)).toBeUndefined();
    expect(matchObservation({ labels: [cat] }, eileen)).toBeUndefined();
  });

  it('takes the best of several faces of that person', () => {
    expect(
      matchPerson([face('Eileen Collins', 92), face('Grace Hopper', 99), face('Eileen Collins', 97)], eileen)
        ?.MatchConfidence,
    ).toBe(97);
  });

  it('leaves label triggers as they were (name, alias or parent, at the minimum)', () => {
    expect(
      matchObservation({ labels: [cat], faces: [face('Cat', 99)] }, { label: 'Pet', minConfidence: 80 }),
    ).toMatchObject({ via: 'parent', confidence: 80 });
    expect(matchObservation({ labels: [cat] }, { label: 'Cat', minConfidence: 81, kind: 'label' })).toBeUndefined();
  });
});
