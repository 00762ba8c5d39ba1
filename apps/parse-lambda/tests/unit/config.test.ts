import { DEFAULT_MAX_LAG_SECONDS, DEFAULT_START_POSITION } from '@catfinder/hls';
import { describe, expect, it } from 'vitest';
import { readParseConfig } from '../../src/config';
import { ConfigError } from '../../src/errors';

const VALID = {
  CHANNEL_ID: 'demo',
  HLS_URL: 'http://127.0.0.1:8080/master.m3u8',
  S3_BUCKET: 'catfinder-local',
  SEGMENTS_TABLE: 'cf-segments',
  FRAMES_TABLE: 'cf-frames',
  LABELS_TABLE: 'cf-labels',
  APPEARANCES_TABLE: 'cf-appearances',
  CLIPS_TABLE: 'cf-clips',
  PREKOG_FUNCTION_NAME: 'catfinder-prekog',
};

function problemsOf(env: Record<string, string | undefined>): { variable: string; message: string }[] {
  try {
    readParseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

describe('readParseConfig', () => {
  it('reads a minimal environment with the documented defaults', () => {
    const config = readParseConfig(VALID);
    expect(config).toMatchObject({
      channelId: 'demo',
      hlsUrl: 'http://127.0.0.1:8080/master.m3u8',
      bucket: 'catfinder-local',
      tables: {
        segments: 'cf-segments',
        frames: 'cf-frames',
        labels: 'cf-labels',
        appearances: 'cf-appearances',
        clips: 'cf-clips',
      },
      triggers: [{ label: 'Cat', minConfidence: 55, preRollSeconds: 0, postRollSeconds: 0 }],
      // DETECTOR and CUT_THRESHOLD take their owners' defaults (libs/vision, libs/media).
      detector: 'local',
      cutThreshold: 0.3,
      sampleIntervalSeconds: 2,
      analysisMaxWidth: 640,
      exitSamples: 2,
      ttlHours: 72,
      maxClipSeconds: 120,
      prekogFunctionName: 'catfinder-prekog',
      allowedHosts: [],
    });
    expect(config.variantMaxBandwidth).toBeUndefined();
    expect(config.detectorBudgetPerMinute).toBeUndefined();
  });

  it('reads START and MAX_LAG_SECONDS through libs/hls (its defaults: live edge, 60 s)', () => {
    expect(readParseConfig(VALID)).toMatchObject({
      start: DEFAULT_START_POSITION,
      maxLagSeconds: DEFAULT_MAX_LAG_SECONDS,
    });
    expect(readParseConfig(VALID)).toMatchObject({ start: 'live', maxLagSeconds: 60 });
    expect(readParseConfig({ ...VALID, START: 'window', MAX_LAG_SECONDS: '90.5' })).toMatchObject({
      start: 'window',
      maxLagSeconds: 90.5,
    });
    expect(readParseConfig({ ...VALID, START: ' LIVE ' })).toMatchObject({ start: 'live' });
  });

  it('reports a bad START or MAX_LAG_SECONDS with the other problems, naming the variable once', () => {
    const problems = problemsOf({ ...VALID, START: 'oldest', MAX_LAG_SECONDS: '0', EXIT_SAMPLES: 'many' });
    expect(problems).toContainEqual({ variable: 'START', message: 'must be "live" or "window", got "oldest"' });
    expect(problems).toContainEqual({
      variable: 'MAX_LAG_SECONDS',
      message: 'must be a positive number of seconds, got "0"',
    });
    expect(problems.map((p) => p.variable)).toContain('EXIT_SAMPLES');
  });

  it('reads every optional variable', () => {
    const config = readParseConfig({
      ...VALID,
      LABELS: 'Cat:60, Person:70:1:1.5',
      DETECTOR: 'local',
      CUT_THRESHOLD: '0.4',
      SAMPLE_INTERVAL: '1.5',
      ANALYSIS_MAX_WIDTH: '1280',
      EXIT_SAMPLES: '3',
      TTL_HOURS: '12',
      MAX_CLIP_SECONDS: '30',
      VARIANT_MAX_BANDWIDTH: '1500000',
      ALLOWED_HOSTS: 'cdn.example.com, 127.0.0.1:9000',
      DETECT_CONCURRENCY: '2',
      LOCAL_DETECTOR_THREADS: '1',
      DETECTOR_BUDGET_PER_MINUTE: '30',
    });
    expect(config.triggers).toEqual([
      { label: 'Cat', minConfidence: 60, preRollSeconds: 0, postRollSeconds: 0 },
      { label: 'Person', minConfidence: 70, preRollSeconds: 1, postRollSeconds: 1.5 },
    ]);
    expect(config).toMatchObject({
      detector: 'local',
      cutThreshold: 0.4,
      sampleIntervalSeconds: 1.5,
      analysisMaxWidth: 1280,
      exitSamples: 3,
      ttlHours: 12,
      maxClipSeconds: 30,
      variantMaxBandwidth: 1_500_000,
      detectConcurrency: 2,
      localDetectorThreads: 1,
      detectorBudgetPerMinute: 30,
    });
    expect(config.allowedHosts).toEqual(['cdn.example.com', '127.0.0.1:9000']);
  });

  const REQUIRED = Object.keys(VALID);
  it.each(REQUIRED)('names %s when it is missing', (name) => {
    const problems = problemsOf({ ...VALID, [name]: undefined });
    expect(problems).toEqual([{ variable: name, message: 'is required but not set' }]);
  });

  it.each(REQUIRED)('treats a blank %s as missing', (name) => {
    expect(problemsOf({ ...VALID, [name]: '   ' })).toEqual([{ variable: name, message: 'is required but not set' }]);
  });

  it.each([
    ['CHANNEL_ID', '../etc', /channel/],
    ['HLS_URL', 'not a url', /not a valid URL/],
    ['HLS_URL', 'file:///etc/passwd', /http:\/\/ or https:\/\//],
    ['S3_BUCKET', 'Bad_Bucket', /bucket/],
    ['FRAMES_TABLE', 'x', /table name/],
    ['LABELS', 'Cat:high', /minConfidence "high"/],
    ['LABELS', 'Cat:101', /minConfidence "101"/],
    ['LABELS', 'Cat:50:1:2:3', /expected name/],
    ['LABELS', 'Cat,,Dog', /item 2 .* is empty/],
    ['LABELS', 'Cat,cat', /listed twice/],
    ['LABELS', 'Cat:50:-1', /preRollSeconds "-1"/],
    ['LABELS', 'Sc/ary', /label/],
    ['DETECTOR', 'gpu', /not one of local, rekognition/],
    ['CUT_THRESHOLD', '1.5', /out of range/],
    ['CUT_THRESHOLD', 'abc', /not a number/],
    ['SAMPLE_INTERVAL', '0', /out of range/],
    ['ANALYSIS_MAX_WIDTH', '100', /out of range/],
    ['ANALYSIS_MAX_WIDTH', '641', /641 is odd/],
    ['ANALYSIS_MAX_WIDTH', 'wide', /not an integer|not a number/],
    ['EXIT_SAMPLES', '1.5', /not an integer/],
    ['EXIT_SAMPLES', '0', /out of range/],
    ['TTL_HOURS', 'forever', /not a number/],
    ['MAX_CLIP_SECONDS', '-5', /out of range/],
    ['VARIANT_MAX_BANDWIDTH', '1e99', /out of range/],
    ['ALLOWED_HOSTS', 'good.example,bad host', /"bad host" is not a host name/],
    ['PREKOG_FUNCTION_NAME', 'has spaces', /Lambda function name/],
    ['DETECT_CONCURRENCY', '100', /out of range/],
    ['LOCAL_DETECTOR_THREADS', '0', /out of range/],
    ['LOCAL_DETECTOR_THREADS', 'two', /not an integer/],
    ['DETECTOR_BUDGET_PER_MINUTE', '0', /out of range/],
    ['DETECTOR_BUDGET_PER_MINUTE', '10001', /out of range/],
    ['DETECTOR_BUDGET_PER_MINUTE', '2.5', /not an integer/],
  ])('rejects %s=%j with its own message', (name, value, message) => {
    const problems = problemsOf({ ...VALID, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.variable).toBe(name);
    expect(problems[0]!.message).toMatch(message);
  });

  it('lists every problem at once, one line per variable', () => {
    let error: unknown;
    try {
      readParseConfig({ ...VALID, CHANNEL_ID: undefined, HLS_URL: 'nope', EXIT_SAMPLES: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('3 problems');
    expect(message).toMatch(/^ {2}CHANNEL_ID: is required/m);
    expect(message).toMatch(/^ {2}HLS_URL: "nope" is not a valid URL/m);
    expect(message).toMatch(/^ {2}EXIT_SAMPLES: "x" is not an integer/m);
  });
});
