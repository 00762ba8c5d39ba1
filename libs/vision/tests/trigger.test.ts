import { describe, expect, it } from 'vitest';
import { labelMatches, matchTrigger, type Label } from '../src/index';

function label(Name: string, Confidence: number, extra: Partial<Label> = {}): Label {
  return { Name, Confidence, Instances: [], Parents: [], Aliases: [], Categories: [], ...extra };
}

const cat = label('Cat', 80, { Parents: [{ Name: 'Animal' }, { Name: 'Mammal' }, { Name: 'Pet' }] });
const person = label('Person', 90, { Aliases: [{ Name: 'Human' }] });
const dog = label('Dog', 95, { Parents: [{ Name: 'Animal' }, { Name: 'Pet' }] });

describe('labelMatches', () => {
  it('matches by name, alias or parent, case-insensitively', () => {
    expect(labelMatches(cat, 'Cat')).toBe('name');
    expect(labelMatches(cat, ' cat ')).toBe('name');
    expect(labelMatches(person, 'human')).toBe('alias');
    expect(labelMatches(cat, 'Pet')).toBe('parent');
    expect(labelMatches(cat, 'Dog')).toBeUndefined();
    expect(labelMatches(cat, 'Ca')).toBeUndefined();
  });
});

describe('matchTrigger', () => {
  it('requires confidence at least the minimum (inclusive)', () => {
    expect(matchTrigger([cat], { label: 'Cat', minConfidence: 80 })?.confidence).toBe(80);
    expect(matchTrigger([cat], { label: 'Cat', minConfidence: 80.01 })).toBeUndefined();
  });

  it('returns the best-confidence matching label', () => {
    const match = matchTrigger([cat, person, dog], { label: 'Pet', minConfidence: 50 });
    expect(match).toMatchObject({ via: 'parent', confidence: 95 });
    expect(match?.label.Name).toBe('Dog');
  });

  it('does not match unrelated labels or an empty observation', () => {
    expect(matchTrigger([person, dog], { label: 'Cat', minConfidence: 0 })).toBeUndefined();
    expect(matchTrigger([], { label: 'Cat', minConfidence: 0 })).toBeUndefined();
  });

  it('ignores labels with a NaN confidence', () => {
    expect(matchTrigger([label('Cat', Number.NaN)], { label: 'Cat', minConfidence: 0 })).toBeUndefined();
  });
});
