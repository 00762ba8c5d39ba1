import { describe, expect, it } from 'vitest';
import { createDetectorFromEnv, detectorKindFromEnv, localThreadsFromEnv, VisionError } from '../src/index';

describe('detector selection from DETECTOR', () => {
  it('reads local / rekognition and falls back when unset', () => {
    expect(detectorKindFromEnv({ DETECTOR: 'rekognition' })).toBe('rekognition');
    expect(detectorKindFromEnv({ DETECTOR: ' local ' })).toBe('local');
    expect(detectorKindFromEnv({})).toBe('local');
    expect(detectorKindFromEnv({ DETECTOR: '' }, 'rekognition')).toBe('rekognition');
  });

  it('names the variable and the bad value', () => {
    expect(() => detectorKindFromEnv({ DETECTOR: 'yolo' })).toThrow(VisionError);
    expect(() => detectorKindFromEnv({ DETECTOR: 'yolo' })).toThrow(
      /DETECTOR must be "local" or "rekognition", got "yolo"/,
    );
  });

  it('builds a detector of the chosen kind', () => {
    const local = createDetectorFromEnv({ DETECTOR: 'local' });
    expect(local).toHaveProperty('warmUp');
    const remote = createDetectorFromEnv(
      { DETECTOR: 'rekognition' },
      { rekognition: { clientConfig: { region: 'us-east-1' } } },
    );
    expect(remote).not.toHaveProperty('warmUp');
    expect(typeof remote.detectLabels).toBe('function');
  });

  it('reads LOCAL_DETECTOR_THREADS, naming the variable and the bad value', () => {
    expect(localThreadsFromEnv({})).toBeUndefined();
    expect(localThreadsFromEnv({ LOCAL_DETECTOR_THREADS: ' ' })).toBeUndefined();
    expect(localThreadsFromEnv({ LOCAL_DETECTOR_THREADS: '1' })).toBe(1);
    expect(localThreadsFromEnv({ LOCAL_DETECTOR_THREADS: '2' })).toBe(2);
    for (const bad of ['0', '-1', '1.5', 'two', '9']) {
      expect(() => localThreadsFromEnv({ LOCAL_DETECTOR_THREADS: bad })).toThrow(VisionError);
      expect(() => localThreadsFromEnv({ LOCAL_DETECTOR_THREADS: bad })).toThrow(
        `LOCAL_DETECTOR_THREADS must be a whole number from 1 to 8, got "${bad}"`,
      );
    }
    expect(() => createDetectorFromEnv({ DETECTOR: 'local', LOCAL_DETECTOR_THREADS: 'x' })).toThrow(
      /LOCAL_DETECTOR_THREADS/,
    );
    // Rekognition does not read it, so a bad value there is not an error.
    expect(() =>
      createDetectorFromEnv(
        { DETECTOR: 'rekognition', LOCAL_DETECTOR_THREADS: 'x' },
        { rekognition: { clientConfig: { region: 'us-east-1' } } },
      ),
    ).not.toThrow();
  });
});
