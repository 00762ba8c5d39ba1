import { describe, expect, it } from 'vitest';
import { createFaceRecognizerFromEnv, VisionError } from '../src/index';

describe('face recogniser from the environment', () => {
  it('uses RecognizeCelebrities with the Rekognition detector, the FACES_DIR gallery with the local one', () => {
    expect(createFaceRecognizerFromEnv({ DETECTOR: 'rekognition' })?.kind).toBe('rekognition');
    expect(createFaceRecognizerFromEnv({ DETECTOR: 'local', FACES_DIR: '/srv/faces' })?.kind).toBe('named-faces');
    expect(createFaceRecognizerFromEnv({ FACES_DIR: '/srv/faces' })?.kind).toBe('named-faces');
  });

  it('is off locally without a gallery, and whenever RECOGNIZE_FACES=off', () => {
    expect(createFaceRecognizerFromEnv({ DETECTOR: 'local' })).toBeUndefined();
    expect(createFaceRecognizerFromEnv({ DETECTOR: 'rekognition', RECOGNIZE_FACES: 'off' })).toBeUndefined();
    expect(createFaceRecognizerFromEnv({ FACES_DIR: '/srv/faces', RECOGNIZE_FACES: 'OFF' })).toBeUndefined();
  });

  it('lets the caller say which detector is in use (it wins over DETECTOR)', () => {
    expect(createFaceRecognizerFromEnv({ DETECTOR: 'local' }, { detector: 'rekognition' })?.kind).toBe('rekognition');
  });

  it('names the variable when asked for recognition it cannot give, or given a bad value', () => {
    expect(() => createFaceRecognizerFromEnv({ DETECTOR: 'local', RECOGNIZE_FACES: 'on' })).toThrow(
      /RECOGNIZE_FACES=on with the local detector needs FACES_DIR/,
    );
    expect(() => createFaceRecognizerFromEnv({ RECOGNIZE_FACES: 'yes' })).toThrow(VisionError);
    expect(() => createFaceRecognizerFromEnv({ RECOGNIZE_FACES: 'yes' })).toThrow(
      /RECOGNIZE_FACES must be "on", "off" or "auto", got "yes"/,
    );
  });
});
