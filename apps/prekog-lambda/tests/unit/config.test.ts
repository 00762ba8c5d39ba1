import { describe, expect, it } from 'vitest';
import { readPrekogConfig } from '../../src/config';
import { ConfigError } from '../../src/errors';

const VALID = {
  S3_BUCKET: 'catfinder-local',
  SEGMENTS_TABLE: 'cf-segments',
  FRAMES_TABLE: 'cf-frames',
  LABELS_TABLE: 'cf-labels',
  APPEARANCES_TABLE: 'cf-appearances',
  CLIPS_TABLE: 'cf-clips',
};

function problems(env: Record<string, string | undefined>) {
  try {
    readPrekogConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.variable}: ${p.message}`);
  }
  throw new Error('expected a ConfigError');
}

describe('readPrekogConfig', () => {
  it('defaults to the built-in clipper', () => {
    const config = readPrekogConfig(VALID);
    expect(config.clipper.kind).toBe('builtin');
    expect(config.tables).toEqual({
      segments: 'cf-segments',
      frames: 'cf-frames',
      labels: 'cf-labels',
      appearances: 'cf-appearances',
      clips: 'cf-clips',
    });
    expect(config.ttlHours).toBe(72);
  });

  it.each(Object.keys(VALID))('names %s when it is missing', (name) => {
    expect(problems({ ...VALID, [name]: undefined })).toEqual([`${name}: is required but not set`]);
  });

  it.each([
    ['S3_BUCKET', 'UPPER', /S3_BUCKET: .*bucket/],
    ['CLIPS_TABLE', 'a', /CLIPS_TABLE: "a" is not a DynamoDB table name/],
    ['TTL_HOURS', '0', /TTL_HOURS: 0 is out of range \(expected 1 to 8760\)/],
    ['CLIPPER', 'magic', /CLIPPER: "magic" is not one of builtin, delta/],
    ['MAX_CLIP_SECONDS', 'long', /MAX_CLIP_SECONDS: "long" is not a number/],
    ['MAX_CLIP_SECONDS', '7200', /MAX_CLIP_SECONDS: 7200 is out of range \(expected 1 to 3600\)/],
  ])('rejects %s=%j', (name, value, message) => {
    const list = problems({ ...VALID, [name]: value });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatch(message);
  });

  it('lists the Delta variables with every other problem at once', () => {
    const list = problems({ ...VALID, S3_BUCKET: undefined, CLIPPER: 'delta', DELTA_URL: 'ftp://x' });
    expect(list).toEqual(
      expect.arrayContaining([
        'S3_BUCKET: is required but not set',
        expect.stringMatching(/^DELTA_URL: "ftp:\/\/x" must be an http:\/\/ or https:\/\/ URL/),
        expect.stringMatching(/^DELTA_CONTENTNAME: required/),
        expect.stringMatching(/^DELTA_USER: required/),
        expect.stringMatching(/^DELTA_API_KEY: required/),
      ]),
    );
    expect(list).toHaveLength(5);
  });
});
