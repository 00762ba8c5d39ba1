import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalDetector } from '../src/index';
import { startRekognitionEndpoint, type RekognitionEndpoint } from '../src/testing/index';
import { fixtureImage, recorded } from './helpers/fixtures';

let endpoint: RekognitionEndpoint;

async function post(target: string, body: unknown) {
  const response = await fetch(endpoint.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  return {
    status: response.status,
    requestId: response.headers.get('x-amzn-requestid'),
    json: (await response.json()) as Record<string, unknown>,
  };
}

describe('local Rekognition endpoint (raw protocol)', () => {
  beforeAll(async () => {
    endpoint = await startRekognitionEndpoint({ detector: createLocalDetector({ threads: 1 }) });
  }, 60_000);
  afterAll(async () => {
    await endpoint?.stop();
  });

  it('answers DetectLabels with base64 bytes using the backing detector', async () => {
    const reply = await post('RekognitionService.DetectLabels', {
      Image: { Bytes: fixtureImage('chelsea.png').toString('base64') },
      MaxLabels: 4,
    });
    expect(reply.status).toBe(200);
    expect(reply.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((reply.json.Labels as Array<{ Name: string }>).map((l) => l.Name)).toContain('Cat');
    expect(reply.json.Labels).toHaveLength(4);
  });

  it('answers bad images with InvalidImageFormatException and a request id', async () => {
    const reply = await post('RekognitionService.DetectLabels', {
      Image: { Bytes: Buffer.from('nope').toString('base64') },
    });
    expect(reply.status).toBe(400);
    expect(reply.json.__type).toBe('InvalidImageFormatException');
    expect(String(reply.json.Message)).toContain('4 bytes');
    expect(reply.requestId).toBeTruthy();
  });

  it('rejects unknown targets, missing images and non-JSON bodies', async () => {
    expect((await post('RekognitionService.DetectFaces', {})).json.__type).toBe('UnknownOperationException');
    expect((await post('RekognitionService.DetectLabels', {})).json.__type).toBe('InvalidParameterException');
    expect((await post('RekognitionService.DetectLabels', '{oops')).json.__type).toBe('SerializationException');
  });

  it('plays queued recorded responses first, with their own request id', async () => {
    endpoint.enqueue(recorded('throttling'));
    const reply = await post('RekognitionService.DetectLabels', {});
    expect(reply).toMatchObject({
      status: 400,
      requestId: 'e1f4a2b7-3c5d-4e6f-8a9b-0c1d2e3f4a5b',
      json: { __type: 'ThrottlingException' },
    });
  });
});

describe('recorded fixtures', () => {
  it('each has a status, a request id header, a JSON 1.1 content type and a body', async () => {
    const { readdirSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const dir = fileURLToPath(new URL('./fixtures/rekognition/', import.meta.url));
    const names = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(names.length).toBeGreaterThanOrEqual(8);
    for (const name of names) {
      const r = recorded(name.replace(/\.json$/, ''));
      expect(r.status, name).toBeGreaterThanOrEqual(200);
      expect(r.headers['x-amzn-requestid'], name).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.headers['content-type'], name).toBe('application/x-amz-json-1.1');
      if (r.status >= 400)
        expect(r.body, name).toMatchObject({ __type: expect.any(String), Message: expect.any(String) });
    }
  });
});
