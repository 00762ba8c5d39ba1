import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { groupOf, PETS_DIR, readTruthSet, truthLabels } from '../eval/eval-set';
import { describeCatStages } from '../eval/explain';
import { chooseThreshold, holdout, splitGroups } from '../eval/holdout';

const dirs: string[] = [];
async function setDir(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vision-eval-'));
  dirs.push(dir);
  for (const [name, body] of Object.entries(files)) await writeFile(path.join(dir, name), body);
  return dir;
}
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('readTruthSet', () => {
  it('reads the shipped pets set: 102 photos, 48 Cat and 54 Dog', async () => {
    const set = await readTruthSet(PETS_DIR);
    expect(set).toHaveLength(102);
    expect(set.filter((i) => i.truth.includes('Cat'))).toHaveLength(48);
    expect(set.filter((i) => i.truth.includes('Dog'))).toHaveLength(54);
    expect(truthLabels(set)).toEqual(['Cat', 'Dog']);
  });

  it('reads empty and comma-separated labels', async () => {
    const dir = await setDir({
      'truth.tsv': 'file\tlabels\na.jpg\tCat, Person\nb.jpg\t\n',
      'a.jpg': 'x',
      'b.jpg': 'y',
    });
    const set = await readTruthSet(dir);
    expect(set.map((i) => [i.name, i.truth])).toEqual([
      ['a.jpg', ['Cat', 'Person']],
      ['b.jpg', []],
    ]);
  });

  it('names the file and line of a bad header, a bad line or a missing image', async () => {
    await expect(readTruthSet(await setDir({ 'truth.tsv': 'name\tlabel\n' }))).rejects.toThrow(
      /truth\.tsv: line 1 must be the header/,
    );
    await expect(
      readTruthSet(await setDir({ 'truth.tsv': 'file\tlabels\na.jpg\tCat\textra\n', 'a.jpg': 'x' })),
    ).rejects.toThrow(/line 2 must be "file<TAB>labels"/);
    await expect(readTruthSet(await setDir({ 'truth.tsv': 'file\tlabels\nmissing.jpg\tCat\n' }))).rejects.toThrow(
      /line 2: cannot read missing\.jpg/,
    );
    await expect(readTruthSet(path.join(tmpdir(), 'no-such-eval-set'))).rejects.toThrow(/cannot read truth\.tsv/);
  });
});

describe('held-out check', () => {
  it('groups files by breed', () => {
    expect(groupOf('British_Shorthair_113.jpg')).toBe('British_Shorthair');
    expect(groupOf('sub/pug_17.jpg')).toBe('pug');
  });

  it('splits groups so that each half has positives and no group is in both', () => {
    const rows = ['A', 'A', 'B', 'C', 'd', 'e', 'f'].map((group) => ({
      group,
      truth: group === group.toUpperCase(),
      confidence: 0,
    }));
    const [a, b] = splitGroups(rows);
    expect([...a].filter((g) => b.has(g))).toEqual([]);
    expect([...a].some((g) => g === g.toUpperCase()) && [...b].some((g) => g === g.toUpperCase())).toBe(true);
    expect(a.size + b.size).toBe(6);
  });

  it('chooses the lowest threshold reaching the precision on the training half and scores the other half', () => {
    const train = [
      { group: 'x', truth: true, confidence: 80 },
      { group: 'x', truth: true, confidence: 60 },
      { group: 'y', truth: false, confidence: 50 },
      { group: 'y', truth: false, confidence: 40 },
    ];
    expect(chooseThreshold(train, 0.95)).toBe(60);
    expect(
      chooseThreshold(
        train.filter((r) => !r.truth),
        0.95,
      ),
    ).toBe(100);
    const rows = [
      { group: 'Cat1', truth: true, confidence: 70 },
      { group: 'Cat2', truth: true, confidence: 70 },
      { group: 'dog1', truth: false, confidence: 30 },
      { group: 'dog2', truth: false, confidence: 30 },
    ];
    const result = holdout(rows);
    expect(result.thresholds).toEqual([70, 70]);
    expect(result).toMatchObject({ tp: 2, fp: 0, fn: 0, precision: 1, recall: 1 });
  });
});

describe('describeCatStages (the eval line under a Cat miss or false Cat)', () => {
  const body = { Left: 0.3, Top: 0.2, Width: 0.4, Height: 0.8 };
  const elsewhere = { Left: 0.9, Top: 0, Width: 0.1, Height: 0.1 };

  it('names what each stage saw: first pass, second look on the region, SSD, fused evidence', () => {
    const line = describeCatStages({
      first: [
        { classIndex: 16, score: 0.38, box: body },
        { classIndex: 15, score: 0.13, box: body },
        { classIndex: 0, score: 0.9, box: elsewhere }, // a person is no rival
      ],
      candidate: { classIndex: 15, score: 0.13, box: body },
      region: body,
      second: [
        { classIndex: 15, score: 0.18, box: body },
        { classIndex: 16, score: 0.61, box: body },
        { classIndex: 16, score: 0.95, box: elsewhere }, // not on the region
      ],
      ssd: { cat: 0.02, rival: 0.62, catBox: body },
      final: [{ classIndex: 15, score: 0.04, box: body }],
    });
    expect(line).toBe(
      'first pass cat 0.13, best rival Dog 0.38; second look cat 0.18 / rival 0.61; ' +
        'SSD cat 0.02 / rival 0.62 (evidence 0.00); fused cat evidence 0.04 (operating point 0.3)',
    );
  });

  it('says when there was no second look, no SSD and no cat at all', () => {
    expect(describeCatStages({ first: [{ classIndex: 23, score: 0.24, box: body }], final: [] })).toBe(
      'first pass cat 0.00, best rival Giraffe 0.24; no second look; SSD not asked; fused cat evidence 0.00 (operating point 0.3)',
    );
  });
});
