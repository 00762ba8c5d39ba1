import { describe, expect, it } from 'vitest';
import { createDetectorFromEnv, detectorKindFromEnv, VisionError } from '../src/index';

describe('detector selection from DETECTOR', () => {
  it('reads local / rekognition and falls back when unset', () => {
    expect(detectorKindFromEnv({ DETECTOR: 'rekognition' })).toBe('rekognition');
    expect(detectorKindFromEnv({ DETECTOR: ' local ' })).toBe('local');
    expect(detectorKindFromEnv({})).toBe('local');
    expect(detectorKindFromEnv({ DETECTOR: '' }, 'rekognition')).toBe('rekognition');
  });

  it('names the variable and the bad value', () => {
    expect(() => detectorKindFromEnv({ DETECTOR: 'yolo' })).toThrow(VisionError);
    expect(() => detectorKindFromEnv({ DETECTOR: 'yolo' })).toThrow(/DETECTOR must be "local" or "rekognition", got "yolo"/);
  });

  it('builds a detector of the chosen kind', () => {
    const local = createDetectorFromEnv({ DETECTOR: 'local' });
    expect(local).toHaveProperty('warmUp');
    const remote = createDetectorFromEnv({ DETECTOR: 'rekognition' }, { rekognition: { clientConfig: { region: 'us-east-1' } } });
    expect(remote).not.toHaveProperty('warmUp');
    expect(typeof remote.detectLabels).toBe('function');
  });
});
