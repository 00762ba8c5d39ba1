import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const loadedHeavyModules = () =>
  Object.keys(createRequire(import.meta.url).cache).filter((k) => /[/\\](sharp|@tensorflow|@vladmandic)[/\\]/.test(k));

describe('lazy runtime', () => {
  it('importing the library (Rekognition-only users, e.g. Lambda) loads neither tfjs nor sharp', async () => {
    const vision = await import('../src/index');
    expect(typeof vision.createRekognitionDetector).toBe('function');
    expect(loadedHeavyModules()).toEqual([]);
    await vision.createLocalDetector().warmUp();
    expect(loadedHeavyModules().some((k) => k.includes('@tensorflow'))).toBe(true);
  }, 60_000);
});
