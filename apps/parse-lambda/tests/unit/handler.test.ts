import { afterEach, describe, expect, it, vi } from 'vitest';

const CONTEXT = { getRemainingTimeInMillis: () => 60_000, awsRequestId: 'r1' };
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  vi.resetModules();
});

describe('Lambda handler', () => {
  it('refuses to run with a bad environment, naming every bad variable', async () => {
    for (const name of ['CHANNEL_ID', 'HLS_URL', 'S3_BUCKET', 'FRAMES_TABLE', 'PREKOG_FUNCTION_NAME'])
      delete process.env[name];
    process.env.EXIT_SAMPLES = 'many';
    const { handler } = await import('../../src/handler');
    const error = await handler({}, CONTEXT).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConfigError' });
    for (const name of ['CHANNEL_ID', 'HLS_URL', 'S3_BUCKET', 'FRAMES_TABLE', 'PREKOG_FUNCTION_NAME', 'EXIT_SAMPLES']) {
      expect((error as Error).message).toContain(`${name}:`);
    }
  });

  it('refuses an event for another channel before touching anything', async () => {
    Object.assign(process.env, {
      CHANNEL_ID: 'demo',
      HLS_URL: 'http://127.0.0.1:9/master.m3u8',
      S3_BUCKET: 'catfinder',
      SEGMENTS_TABLE: 'cf-segments',
      FRAMES_TABLE: 'cf-frames',
      LABELS_TABLE: 'cf-labels',
      APPEARANCES_TABLE: 'cf-appearances',
      CLIPS_TABLE: 'cf-clips',
      PREKOG_FUNCTION_NAME: 'prekog',
      AWS_REGION: 'us-east-1',
    });
    const { handler } = await import('../../src/handler');
    await expect(handler({ channelId: 'other' }, CONTEXT)).rejects.toMatchObject({ name: 'EventError' });
  });
});
