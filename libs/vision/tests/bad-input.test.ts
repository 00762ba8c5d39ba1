import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalDetector, InvalidImageError, VisionError } from '../src/index';
import { fixtureImage, pngFirstRowOnly } from './helpers/fixtures';

const detector = createLocalDetector({ threads: 1 });
const cat = fixtureImage('chelsea.png');

/** The detector still answers a good picture right (a person: one model pass, where a cat takes three). */
async function expectStillUsable(): Promise<void> {
  const { Labels } = await detector.detectLabels(fixtureImage('astronaut.png'));
  expect(Labels.map((l) => l.Name)).toContain('Person');
}

describe('local detector on bad input', () => {
  beforeAll(async () => {
    await detector.warmUp();
  }, 60_000);

  const rejects: Array<[string, () => Promise<Uint8Array>, InvalidImageError['reason']]> = [
    ['empty bytes', async () => new Uint8Array(0), 'empty'],
    ['text', async () => Buffer.from('this is not an image'), 'undecodable'],
    ['random bytes', async () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)), 'undecodable'],
    [
      'a truncated JPEG',
      async () => {
        const j = await sharp(cat).jpeg().toBuffer();
        return j.subarray(0, j.length >> 1);
      },
      'undecodable',
    ],
    ['a truncated PNG', async () => cat.subarray(0, cat.length >> 1), 'undecodable'],
    ['a PNG with only its first row of data', async () => pngFirstRowOnly(640, 360), 'undecodable'],
    ['a 20,000 x 20,000 PNG (too many pixels)', async () => pngFirstRowOnly(20_000, 20_000), 'too-large'],
  ];

  for (const [what, make, reason] of rejects) {
    it(`rejects ${what} with a typed error naming the input, and stays usable`, async () => {
      const bytes = await make();
      const error = await detector.detectLabels(bytes).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidImageError);
      expect(error).toBeInstanceOf(VisionError);
      expect((error as InvalidImageError).reason).toBe(reason);
      expect((error as Error).message).toContain(`${bytes.byteLength} bytes`);
      await expectStillUsable();
    });
  }

  it('handles a PNG with alpha (the RGBA horse silhouette) correctly', async () => {
    expect((await sharp(fixtureImage('horse.png')).metadata()).hasAlpha).toBe(true);
    const { Labels } = await detector.detectLabels(fixtureImage('horse.png'));
    expect(Labels[0]?.Name).toMatch(/^(Horse|Animal|Mammal)$/);
    expect(Labels.map((l) => l.Name)).toContain('Horse');
  });

  it('handles a transparent PNG with the cat on it', async () => {
    const rgba = await sharp(cat).ensureAlpha(1).png().toBuffer();
    expect((await sharp(rgba).metadata()).channels).toBe(4);
    const { Labels } = await detector.detectLabels(rgba);
    expect(Labels.map((l) => l.Name)).toContain('Cat');
  });

  it('handles a one-channel greyscale image', async () => {
    const grey = await sharp(cat).greyscale().toColourspace('b-w').png().toBuffer();
    expect((await sharp(grey).metadata()).channels).toBe(1);
    const { Labels } = await detector.detectLabels(grey, { MinConfidence: 40 });
    expect(Labels.map((l) => l.Name)).toContain('Cat');
  });

  it('answers a 1-pixel image with no labels', async () => {
    const onePixel = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    const { Labels } = await detector.detectLabels(onePixel);
    expect(Labels).toEqual([]);
    await expectStillUsable();
  });

  it('answers a 20,000 x 300 panorama with the cat in it, boxes as ratios of the full width', async () => {
    const wide = await sharp({ create: { width: 20_000, height: 300, channels: 3, background: '#000' } })
      .composite([{ input: cat, left: 0, top: 0 }])
      .jpeg()
      .toBuffer();
    const { Labels } = await detector.detectLabels(wide, { MinConfidence: 0 });
    // At 512/20000 the cat is ~12x8 model pixels: whatever is found must lie within the image.
    for (const label of Labels) {
      for (const instance of label.Instances) {
        expect(instance.BoundingBox.Left + instance.BoundingBox.Width).toBeLessThanOrEqual(1 + 1e-9);
      }
    }
    await expectStillUsable();
  });

  it('survives concurrent calls mixing good and bad input', async () => {
    const results = await Promise.allSettled([
      detector.detectLabels(cat),
      detector.detectLabels(new Uint8Array([1, 2, 3])),
      detector.detectLabels(fixtureImage('astronaut.png')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await expectStillUsable();
  });
});
