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

describe('AllLabelsBook', () => {
  it('lists every label at or above 50 % once, with counts, first and last sighting, and the watched flag', () => {
    const book = new AllLabelsBook('short', ['Cat']);
    expect(
      book.addPart([
        sample(0, 0, 0, [
          ['Cat', 80],
          ['Sofa', 60],
          ['Blur', 20],
        ]),
        sample(0, 50, 2000, [['Cat', 90]]),
      ]),
    ).toEqual([
      { key: 'feeds/thumbs/short/Cat.jpg', sampleIndex: 50 },
      { key: 'feeds/thumbs/short/Sofa.jpg', sampleIndex: 0 },
    ]);
    // A better Cat sample replaces its thumbnail; a weaker Sofa does not; a failed sample counts for nothing.
    expect(
      book.addPart([
        sample(1, 0, 4000, [
          ['Cat', 95],
          ['Sofa', 55],
          ['Bad/Name', 99],
        ]),
        sample(1, 50, 6000, null),
      ]),
    ).toEqual([{ key: 'feeds/thumbs/short/Cat.jpg', sampleIndex: 0 }]);
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
    expect(book.output(new Date(10_000))).toEqual(['feeds/all-labels.json', JSON.stringify(feed, null, 1)]);
  });
});
