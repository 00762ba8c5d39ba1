/** A scan's feeds/all-labels.json: every label the detector saw, folded as libs/store folds it live. */
import { describe, expect, it } from 'vitest';
import { frameLabel } from '@catfinder/store';
import type { ProcessedSample } from '../src/apps';
import { AllLabelsBook } from '../src/outputs/all-labels-feed';

const sample = (
  sequence: number,
  index: number,
  timeMs: number,
  labels: [string, number][] | null,
): ProcessedSample => ({
  channel: 'short',
  mediaSequence: sequence,
  index,
  time: timeMs,
  frameLabel: frameLabel(timeMs, 25),
  isCut: index === 0,
  sceneScore: 0,
  imageKey: `samples/short/${sequence}/${index}.jpg`,
  labels:
    labels === null
      ? null
      : labels.map(([Name, Confidence]) => ({
          Name,
          Confidence,
          Instances: [],
          Parents: [],
          Aliases: [],
          Categories: [],
        })),
  matchedLabels: [],
});

/** A part's JPEGs by sample index; the bytes name the sample (`<sequence>/<index>`). */
const jpegs = (parts: readonly ProcessedSample[]): Map<number, Uint8Array> =>
  new Map(parts.map((s) => [s.index, new TextEncoder().encode(`${s.mediaSequence}/${s.index}`)]));

/** The thumbnails written, key → the sample they show. */
const thumbnailsOf = (outputs: [string, string | Uint8Array][]): Record<string, string> =>
  Object.fromEntries(
    outputs.slice(1).map(([key, body]) => [key, typeof body === 'string' ? body : new TextDecoder().decode(body)]),
  );

describe('AllLabelsBook', () => {
  it('lists every label at or above 50 % once, with counts, first and last sighting, and the watched flag', () => {
    const book = new AllLabelsBook('short', ['Cat']);
    const part0 = [
      sample(0, 0, 0, [
        ['Cat', 80],
        ['Sofa', 60],
        ['Blur', 20],
      ]),
      sample(0, 50, 2000, [['Cat', 90]]),
    ];
    book.addPart(part0, jpegs(part0));
    // A failed sample counts for nothing; a label no key can hold is left out.
    const part1 = [
      sample(1, 0, 4000, [
        ['Cat', 95],
        ['Sofa', 55],
        ['Bad/Name', 99],
      ]),
      sample(1, 50, 6000, null),
    ];
    book.addPart(part1, jpegs(part1));
    const feed = book.feed(new Date(10_000));
    expect(feed).toEqual({
      version: 1,
      generatedAt: '1970-01-01T00:00:10.000Z',
      labels: [
        {
          channel: 'short',
          name: 'Cat',
          count: 3,
          firstSeen: '1970-01-01T00:00:00.000Z',
          firstSeenFrame: frameLabel(0, 25),
          lastSeen: '1970-01-01T00:00:04.000Z',
          lastSeenFrame: frameLabel(4000, 25),
          confidence: 95,
          thumbnailUrl: 'feeds/thumbs/short/Cat.jpg',
          watched: true,
        },
        {
          channel: 'short',
          name: 'Sofa',
          count: 2,
          firstSeen: '1970-01-01T00:00:00.000Z',
          firstSeenFrame: frameLabel(0, 25),
          lastSeen: '1970-01-01T00:00:04.000Z',
          lastSeenFrame: frameLabel(4000, 25),
          // The latest part's best, as the live feed's "last confidence".
          confidence: 55,
          thumbnailUrl: 'feeds/thumbs/short/Sofa.jpg',
          watched: false,
        },
      ],
    });
    const outputs = book.outputs(new Date(10_000));
    expect(outputs[0]).toEqual(['feeds/all-labels.json', JSON.stringify(feed, null, 1)]);
    expect(thumbnailsOf(outputs)).toEqual({
      'feeds/thumbs/short/Cat.jpg': '1/0',
      'feeds/thumbs/short/Sofa.jpg': '1/0',
    });
  });

  it("shows the latest part's best sample, as live, not the best ever: thumbnail and confidence are one sample", () => {
    const book = new AllLabelsBook('short', []);
    const parts = [
      [sample(0, 0, 0, [['Dog', 99]]), sample(0, 50, 2000, [['Dog', 70]])],
      // Weaker than part 0's 99, and its best is the part's second sample.
      [sample(1, 0, 4000, [['Dog', 60]]), sample(1, 50, 6000, [['Dog', 75]])],
      // Dog is gone: its entry keeps part 1's.
      [sample(2, 0, 8000, [['Tree', 80]])],
    ];
    for (const part of parts) book.addPart(part, jpegs(part));
    const outputs = book.outputs(new Date(10_000));
    const dog = book.feed(new Date(10_000)).labels.find((l) => l.name === 'Dog');
    expect(dog).toMatchObject({ confidence: 75, lastSeen: '1970-01-01T00:00:06.000Z', count: 4 });
    expect(thumbnailsOf(outputs)).toEqual({
      'feeds/thumbs/short/Dog.jpg': '1/50',
      'feeds/thumbs/short/Tree.jpg': '2/0',
    });
  });

  it("keeps a label's older thumbnail when the latest part has no JPEG for it, and lists none before one exists", () => {
    const book = new AllLabelsBook('short', []);
    const part0 = [sample(0, 0, 0, [['Dog', 80]])];
    book.addPart(part0, new Map());
    expect(book.feed(new Date(0)).labels[0]).not.toHaveProperty('thumbnailUrl');
    expect(thumbnailsOf(book.outputs(new Date(0)))).toEqual({});
    const part1 = [sample(1, 0, 4000, [['Dog', 70]])];
    book.addPart(part1, jpegs(part1));
    const part2 = [sample(2, 0, 8000, [['Dog', 90]])];
    book.addPart(part2, new Map());
    expect(book.feed(new Date(0)).labels[0]).toMatchObject({
      confidence: 90,
      thumbnailUrl: 'feeds/thumbs/short/Dog.jpg',
    });
    expect(thumbnailsOf(book.outputs(new Date(0)))).toEqual({ 'feeds/thumbs/short/Dog.jpg': '1/0' });
  });
});
