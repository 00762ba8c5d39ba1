import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalDetector, matchTrigger, UnsupportedInputError, type Label } from '../src/index';
import { loadModelOnce, defaultModelUrl } from '../src/local/tfjs-runtime';
import { fixtureImage } from './helpers/fixtures';

const detector = createLocalDetector({ threads: 1 });
const names = (labels: Label[]) => labels.map((l) => l.Name);

describe('local detector (CenterNet on tfjs wasm)', () => {
  beforeAll(async () => {
    await detector.warmUp();
  }, 60_000);

  it('finds a Cat on the cat fixture, with a box covering the cat and Pet/Mammal/Animal parents', async () => {
    const { Labels, LabelModelVersion } = await detector.detectLabels(fixtureImage('chelsea.png'));
    expect(LabelModelVersion).toMatch(/centernet/);
    const cat = Labels.find((l) => l.Name === 'Cat');
    expect(cat?.Confidence).toBeGreaterThanOrEqual(55);
    expect(cat?.Parents.map((p) => p.Name)).toEqual(['Animal', 'Mammal', 'Pet']);
    const box = cat?.Instances[0]?.BoundingBox;
    // The cat fills most of the 451x300 picture; ratios are of the original, not the padded square.
    expect(box?.Left).toBeLessThan(0.1);
    expect(box?.Top).toBeLessThan(0.1);
    expect(box?.Width).toBeGreaterThan(0.8);
    expect(box?.Height).toBeGreaterThan(0.8);
    expect(matchTrigger(Labels, { label: 'Pet', minConfidence: 55 })?.label.Name).toBe('Cat');
    expect(names(Labels)).not.toContain('Dog');
  });

  it('finds a Person (alias Human) on the astronaut and no Cat', async () => {
    const { Labels } = await detector.detectLabels(fixtureImage('astronaut.png'));
    expect(matchTrigger(Labels, { label: 'Human', minConfidence: 55 })).toMatchObject({ via: 'alias' });
    expect(names(Labels)).not.toContain('Cat');
  });

  it('finds no Cat on the coffee (but a Cup) nor on the deep-field image', async () => {
    const coffee = await detector.detectLabels(fixtureImage('coffee.png'));
    expect(names(coffee.Labels)).toContain('Cup');
    expect(names(coffee.Labels)).not.toContain('Cat');
    const deepField = await detector.detectLabels(fixtureImage('hubble_deep_field.jpg'), { MinConfidence: 0 });
    expect(deepField.Labels.length).toBeGreaterThan(0); // MinConfidence 0 shows the noise floor …
    expect(deepField.Labels.filter((l) => l.Name === 'Cat' && l.Confidence >= 55)).toEqual([]); // … but no cat
  });

  it('honours MinConfidence and MaxLabels, sorted by confidence', async () => {
    const all = await detector.detectLabels(fixtureImage('chelsea.png'), { MinConfidence: 0 });
    const few = await detector.detectLabels(fixtureImage('chelsea.png'), { MinConfidence: 0, MaxLabels: 3 });
    expect(all.Labels.length).toBeGreaterThan(3);
    expect(few.Labels).toEqual(all.Labels.slice(0, 3));
    const conf = all.Labels.map((l) => l.Confidence);
    expect(conf).toEqual([...conf].sort((a, b) => b - a));
    const strict = await detector.detectLabels(fixtureImage('chelsea.png'), { MinConfidence: 90 });
    expect(strict.Labels.every((l) => l.Confidence >= 90)).toBe(true);
  });

  it('loads the model once per process', async () => {
    const a = loadModelOnce(defaultModelUrl());
    const b = loadModelOnce(defaultModelUrl());
    expect(a).toBe(b);
    expect(await a).toBe(await b);
  });

  it('reads S3 inputs through readS3Object, and rejects them without one', async () => {
    await expect(detector.detectLabels({ S3Object: { Bucket: 'b', Name: 'cat.png' } })).rejects.toBeInstanceOf(
      UnsupportedInputError,
    );
    const seen: string[] = [];
    const s3Detector = createLocalDetector({
      readS3Object: async (bucket, key) => {
        seen.push(`${bucket}/${key}`);
        return fixtureImage('chelsea.png');
      },
    });
    const { Labels } = await s3Detector.detectLabels({ S3Object: { Bucket: 'frames', Name: 'samples/demo/1/0.jpg' } });
    expect(seen).toEqual(['frames/samples/demo/1/0.jpg']);
    expect(names(Labels)).toContain('Cat');
  });
});
