import { afterEach, describe, expect, it, vi } from 'vitest';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  vi.resetModules();
});

describe('Lambda handler', () => {
  it('refuses to run with a bad environment, naming every bad variable', async () => {
    for (const name of ['S3_BUCKET', 'CLIPS_TABLE']) delete process.env[name];
    process.env.CLIPPER = 'delta';
    const { handler } = await import('../../src/handler');
    const error = await handler({}).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConfigError' });
    for (const name of ['S3_BUCKET', 'CLIPS_TABLE', 'DELTA_URL', 'DELTA_CONTENTNAME', 'DELTA_USER', 'DELTA_API_KEY'])
      expect((error as Error).message).toContain(`${name}:`);
  });

  it('rejects a payload that is not a prekog event, naming the field', async () => {
    Object.assign(process.env, {
      S3_BUCKET: 'catfinder',
      SEGMENTS_TABLE: 'cf-segments',
      FRAMES_TABLE: 'cf-frames',
      LABELS_TABLE: 'cf-labels',
      APPEARANCES_TABLE: 'cf-appearances',
      CLIPS_TABLE: 'cf-clips',
      AWS_REGION: 'us-east-1',
    });
    const { handler } = await import('../../src/handler');
    await expect(handler({ version: 1, kind: 'later' })).rejects.toThrow(/kind must be "opened" or "closed"/);
  });
});
