import { describe, expect, it } from 'vitest';
import { COCO_TAXONOMY, PARENT_PARENTS, taxonomyForClass, taxonomyForName } from '../src/index';

describe('COCO → Rekognition taxonomy', () => {
  it('covers the 80 COCO classes in CenterNet order with unique names', () => {
    expect(COCO_TAXONOMY).toHaveLength(80);
    expect(new Set(COCO_TAXONOMY.map((e) => e.Name)).size).toBe(80);
    expect(taxonomyForClass(0)?.coco).toBe('person');
    expect(taxonomyForClass(15)?.coco).toBe('cat');
    expect(taxonomyForClass(79)?.coco).toBe('toothbrush');
    expect(taxonomyForClass(80)).toBeUndefined();
    expect(taxonomyForClass(1.5)).toBeUndefined();
  });

  it('maps cat to Cat with parents Animal, Mammal, Pet', () => {
    const cat = taxonomyForName('cat');
    expect(cat?.Name).toBe('Cat');
    expect(cat?.Parents).toEqual(['Animal', 'Mammal', 'Pet']);
    expect(cat?.Categories).toEqual(['Animals and Pets']);
  });

  it('maps person to Person with alias Human', () => {
    expect(taxonomyForName('Person')).toMatchObject({ coco: 'person', Aliases: ['Human'], Parents: [] });
  });

  it('gives every entry a category and never lists a label as its own parent', () => {
    for (const entry of COCO_TAXONOMY) {
      expect(entry.Categories.length, entry.coco).toBe(1);
      expect(entry.Parents, entry.coco).not.toContain(entry.Name);
    }
    for (const [parent, grand] of Object.entries(PARENT_PARENTS)) expect(grand).not.toContain(parent);
  });
});
