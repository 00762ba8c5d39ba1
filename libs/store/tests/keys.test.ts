import { describe, expect, it } from 'vitest';
import {
  InvalidIdError,
  StoreConfigError,
  TABLE_LIST,
  clipKeys,
  initSectionKey,
  labelFeedKey,
  sampleImageKey,
  segmentArchiveKey,
  tableNamesFromEnv,
  validateObjectKey,
  bucketFromEnv,
} from '../src/index';

describe('object keys', () => {
  it('follow the layout in CONTRACTS.md', () => {
    expect(sampleImageKey('demo', 12, 3)).toBe('samples/demo/12/3.jpg');
    expect(segmentArchiveKey('demo', 12, 'ts')).toBe('segments/demo/12.ts');
    // The timeline epoch is part of a segment's identity: epoch 0 keeps the keys of before.
    expect(segmentArchiveKey('demo', 12, 'ts', 0)).toBe('segments/demo/12.ts');
    expect(segmentArchiveKey('demo', 12, 'ts', 2)).toBe('segments/demo/e2/12.ts');
    expect(sampleImageKey('demo', 12, 3, 2)).toBe('samples/demo/e2/12/3.jpg');
    expect(() => segmentArchiveKey('demo', 12, 'ts', -1)).toThrow(/epoch/);
    expect(initSectionKey('demo', 'd0', 'mp4')).toBe('segments/demo/init/d0.mp4');
    expect(clipKeys('demo', 'abc')).toEqual({
      mp4: 'clips/demo/abc.mp4',
      poster: 'clips/demo/abc.jpg',
      hls: 'clips/demo/abc.m3u8',
    });
    expect(labelFeedKey('Sports Car')).toBe('feeds/labels/Sports Car.json');
  });

  it.each([['..'], ['../etc'], ['/abs'], ['a/b'], ['a\u0000b'], ['a\nb'], [''], ['.hidden'], ['x'.repeat(129)]])(
    'rejects hostile channel id %j',
    (bad) => {
      expect(() => sampleImageKey(bad, 1, 1)).toThrow(InvalidIdError);
      expect(() => clipKeys('demo', bad)).toThrow(/invalid clipId/);
    },
  );

  it.each([['../x'], ['a/b'], ['Cat\u0007'], [' Cat'], ['..'], ['']])('rejects hostile label %j', (bad) => {
    expect(() => labelFeedKey(bad)).toThrow(/invalid label/);
  });

  it('rejects bad numbers and extensions', () => {
    expect(() => sampleImageKey('demo', -1, 0)).toThrow(/mediaSequence/);
    expect(() => sampleImageKey('demo', 1, 1.5)).toThrow(/frameIndex/);
    expect(() => segmentArchiveKey('demo', 1, '../ts')).toThrow(/extension/);
  });

  it('validates free-form object keys', () => {
    expect(validateObjectKey('assets/app.js')).toBe('assets/app.js');
    for (const bad of ['../x', 'a/../b', '/x', 'a//b', 'a\\b', 'a\u001fb'])
      expect(() => validateObjectKey(bad)).toThrow(InvalidIdError);
  });
});

describe('configuration from the environment', () => {
  const env = {
    SEGMENTS_TABLE: 'cf-segments',
    FRAMES_TABLE: 'cf-frames',
    LABELS_TABLE: 'cf-labels',
    APPEARANCES_TABLE: 'cf-appearances',
    CLIPS_TABLE: 'cf-clips',
    S3_BUCKET: 'cf-bucket',
  };

  it('reads every table name', () => {
    expect(tableNamesFromEnv(env)).toEqual({
      segments: 'cf-segments',
      frames: 'cf-frames',
      labels: 'cf-labels',
      appearances: 'cf-appearances',
      clips: 'cf-clips',
    });
    expect(bucketFromEnv(env)).toBe('cf-bucket');
    expect(TABLE_LIST.map((t) => t.envVar).sort()).toEqual([
      'APPEARANCES_TABLE',
      'CLIPS_TABLE',
      'FRAMES_TABLE',
      'LABELS_TABLE',
      'SEGMENTS_TABLE',
    ]);
  });

  it('names the missing or malformed variable', () => {
    const missing: Record<string, string | undefined> = { ...env, FRAMES_TABLE: undefined };
    expect(() => tableNamesFromEnv(missing)).toThrow(/FRAMES_TABLE: is required but not set/);
    expect(() => tableNamesFromEnv({ ...env, CLIPS_TABLE: 'a b' })).toThrow(StoreConfigError);
    expect(() => bucketFromEnv({ S3_BUCKET: 'Bad_Bucket' })).toThrow(/S3_BUCKET/);
  });
});
