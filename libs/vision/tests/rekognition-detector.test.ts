import { RekognitionClient } from '@aws-sdk/client-rekognition';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLocalDetector,
  createRekognitionDetector,
  ImageLimitError,
  InvalidImageError,
  matchTrigger,
  RekognitionRequestError,
  RekognitionThrottledError,
  type RekognitionDetectorOptions,
} from '../src/index';
import { startRekognitionEndpoint, type RekognitionEndpoint } from '../src/testing/index';
import { fixtureImage, recorded } from './helpers/fixtures';

let endpoint: RekognitionEndpoint;

function clientConfig() {
  return {
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
    maxAttempts: 1,
  };
}

function detector(extra: Partial<RekognitionDetectorOptions> = {}) {
  return createRekognitionDetector({
    clientConfig: clientConfig(),
    baseDelayMs: 5,
    maxDelayMs: 20,
    ...extra,
  } as RekognitionDetectorOptions);
}

/** Requests received since `from`, so each test sees only its own traffic. */
function since(from: number) {
  return endpoint.requests.slice(from);
}

describe('Rekognition adapter against a local Rekognition JSON endpoint', () => {
  beforeAll(async () => {
    const local = createLocalDetector({ threads: 1 });
    await local.warmUp();
    endpoint = await startRekognitionEndpoint({ detector: local });
  }, 60_000);

  afterAll(async () => {
    await endpoint?.stop();
  });

  it('sends a signed JSON 1.1 DetectLabels request and gets real labels from the local model', async () => {
    const from = endpoint.requests.length;
    const result = await detector().detectLabels(fixtureImage('chelsea.png'), { MinConfidence: 50, MaxLabels: 10 });
    expect(matchTrigger(result.Labels, { label: 'Cat', minConfidence: 55 })?.label.Name).toBe('Cat');
    expect(result.LabelModelVersion).toMatch(/centernet/);
    const [request] = since(from);
    expect(request?.target).toBe('RekognitionService.DetectLabels');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(String(request?.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST\/\d{8}\/us-east-1\/rekognition\/aws4_request/,
    );
    expect(request?.body).toMatchObject({ MinConfidence: 50, MaxLabels: 10 });
    expect(Buffer.from(String((request?.body.Image as { Bytes: string }).Bytes), 'base64')).toEqual(
      fixtureImage('chelsea.png'),
    );
  });

  it('parses a recorded real DetectLabels response into the full Label shape', async () => {
    endpoint.enqueue(recorded('detect-labels-cat'));
    const result = await detector().detectLabels(fixtureImage('chelsea.png'));
    expect(result.LabelModelVersion).toBe('3.0');
    expect(result.Labels.map((l) => l.Name)).toEqual(['Cat', 'Animal', 'Mammal', 'Pet', 'Kitten', 'Abyssinian']);
    const cat = result.Labels[0];
    expect(cat?.Instances[0]?.BoundingBox.Width).toBeCloseTo(0.9386, 4);
    expect(cat?.Instances[0]).not.toHaveProperty('DominantColors');
    expect(cat?.Aliases).toEqual([]);
    expect(matchTrigger(result.Labels, { label: 'Pet', minConfidence: 99 })?.label.Name).toBe('Cat');
  });

  it('passes an S3 object through unchanged', async () => {
    const from = endpoint.requests.length;
    endpoint.enqueue(recorded('detect-labels-cat'));
    await detector().detectLabels({ S3Object: { Bucket: 'catfinder-site', Name: 'samples/demo/42/3.jpg' } });
    expect(since(from)[0]?.body.Image).toEqual({
      S3Object: { Bucket: 'catfinder-site', Name: 'samples/demo/42/3.jpg' },
    });
  });

  it('retries ThrottlingException and ProvisionedThroughputExceededException, then succeeds', async () => {
    const from = endpoint.requests.length;
    endpoint.enqueue(
      recorded('throttling'),
      recorded('provisioned-throughput-exceeded'),
      recorded('detect-labels-person'),
    );
    const result = await detector({ maxAttempts: 4 }).detectLabels(fixtureImage('astronaut.png'));
    expect(since(from)).toHaveLength(3);
    expect(matchTrigger(result.Labels, { label: 'Human', minConfidence: 90 })?.via).toBe('alias');
  });

  it('gives up after maxAttempts with a throttling error carrying the last request id', async () => {
    const from = endpoint.requests.length;
    endpoint.enqueue(recorded('throttling'), recorded('throttling'), recorded('provisioned-throughput-exceeded'));
    const error = await detector({ maxAttempts: 3 })
      .detectLabels(fixtureImage('chelsea.png'))
      .catch((e: unknown) => e);
    expect(since(from)).toHaveLength(3);
    expect(error).toBeInstanceOf(RekognitionThrottledError);
    expect(error).toMatchObject({
      code: 'ProvisionedThroughputExceededException',
      requestId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
      attempts: 3,
      httpStatus: 400,
    });
    expect((error as Error).message).toContain('9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a');
  });

  it('retries a 500 InternalServerError', async () => {
    endpoint.enqueue(recorded('internal-server-error'), recorded('detect-labels-cat'));
    const result = await detector().detectLabels(fixtureImage('chelsea.png'));
    expect(result.Labels[0]?.Name).toBe('Cat');
  });

  it('surfaces other errors at once with their request id', async () => {
    for (const [name, code, requestId] of [
      ['invalid-image-format', 'InvalidImageFormatException', '4d2c8a1e-7f3b-4a9d-b5e6-2c1f0e9d8a7b'],
      ['access-denied', 'AccessDeniedException', 'b3a29c71-1d2e-4f50-a6b7-c8d9e0f1a2b3'],
    ] as const) {
      const from = endpoint.requests.length;
      endpoint.enqueue(recorded(name));
      const error = await detector()
        .detectLabels(fixtureImage('chelsea.png'))
        .catch((e: unknown) => e);
      expect(since(from)).toHaveLength(1);
      expect(error).toBeInstanceOf(RekognitionRequestError);
      expect(error).not.toBeInstanceOf(RekognitionThrottledError);
      expect(error).toMatchObject({ code, requestId, attempts: 1 });
    }
  });

  it('times out a hung call and reports it', async () => {
    const silent = await import('node:http').then(({ createServer }) => createServer(() => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const slow = createRekognitionDetector({
        clientConfig: { ...clientConfig(), endpoint: `http://127.0.0.1:${port}` },
        requestTimeoutMs: 300,
        maxAttempts: 2,
        baseDelayMs: 1,
      });
      const started = Date.now();
      const error = await slow.detectLabels(fixtureImage('chelsea.png')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RekognitionRequestError);
      expect(error).toMatchObject({ attempts: 2 });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  describe('limits checked before the call', () => {
    const cases: Array<[string, () => Promise<Uint8Array>, string]> = [
      [
        'a 79 px side',
        () => sharp(fixtureImage('chelsea.png')).resize(200, 79, { fit: 'fill' }).png().toBuffer(),
        'min-side',
      ],
      [
        'a 10,001 px side',
        () =>
          sharp({ create: { width: 10_001, height: 100, channels: 3, background: '#000' } })
            .jpeg()
            .toBuffer(),
        'max-side',
      ],
      ['a WebP', () => sharp(fixtureImage('chelsea.png')).webp().toBuffer(), 'format'],
      [
        'more than 5 MB',
        async () => Buffer.concat([fixtureImage('astronaut.png'), Buffer.alloc(5 * 1024 * 1024)]),
        'bytes',
      ],
    ];
    for (const [what, make, limit] of cases) {
      it(`rejects ${what} without calling the service`, async () => {
        const from = endpoint.requests.length;
        const error = await detector()
          .detectLabels(await make())
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImageLimitError);
        expect(error).toMatchObject({ limit });
        expect(since(from)).toHaveLength(0);
      });
    }

    it('rejects undecodable bytes and bad S3 references without calling the service', async () => {
      const from = endpoint.requests.length;
      await expect(detector().detectLabels(Buffer.from('not an image'))).rejects.toMatchObject({
        name: 'ImageLimitError',
        limit: 'format',
        actual: 'unknown',
      });
      await expect(
        detector().detectLabels(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 1, 2, 3])),
      ).rejects.toBeInstanceOf(InvalidImageError);
      await expect(detector().detectLabels(new Uint8Array(0))).rejects.toMatchObject({ reason: 'empty' });
      await expect(detector().detectLabels({ S3Object: { Bucket: 'x', Name: 'a.jpg' } })).rejects.toThrow(/bucket/);
      await expect(detector().detectLabels({ S3Object: { Bucket: 'bucket', Name: 'a.gif' } })).rejects.toBeInstanceOf(
        ImageLimitError,
      );
      expect(since(from)).toHaveLength(0);
    });
  });

  describe('celebrity recognition', () => {
    it('runs RecognizeCelebrities only when a Person is found and returns them separately', async () => {
      const from = endpoint.requests.length;
      endpoint.enqueue(recorded('detect-labels-person'), recorded('recognize-celebrities'));
      const result = await detector({ recognizeCelebrities: true }).detectLabels(fixtureImage('astronaut.png'));
      expect(since(from).map((r) => r.target)).toEqual([
        'RekognitionService.DetectLabels',
        'RekognitionService.RecognizeCelebrities',
      ]);
      expect(result.Celebrities).toEqual([
        {
          Name: 'Eileen Collins',
          Id: '3Ir0du6',
          MatchConfidence: 98,
          Urls: ['www.wikidata.org/wiki/Q233816'],
          BoundingBox: { Width: 0.2314, Height: 0.3172, Left: 0.3867, Top: 0.1133 },
        },
      ]);
      expect(result.Labels.map((l) => l.Name)).not.toContain('Eileen Collins');
    });

    it('skips it when there is no Person', async () => {
      const from = endpoint.requests.length;
      endpoint.enqueue(recorded('detect-labels-cat'));
      const result = await detector({ recognizeCelebrities: true }).detectLabels(fixtureImage('chelsea.png'));
      expect(since(from)).toHaveLength(1);
      expect(result.Celebrities).toBeUndefined();
    });
  });

  it('accepts a ready-made client', async () => {
    endpoint.enqueue(recorded('detect-labels-cat'));
    const client = new RekognitionClient(clientConfig());
    const result = await createRekognitionDetector({ client }).detectLabels(fixtureImage('chelsea.png'));
    expect(result.Labels[0]?.Name).toBe('Cat');
  });
});
