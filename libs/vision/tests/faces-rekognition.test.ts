import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLocalDetector,
  createRekognitionFaceRecognizer,
  ImageLimitError,
  RekognitionRequestError,
  RekognitionThrottledError,
  type RekognitionFaceRecognizerOptions,
} from '../src/index';
import { startRekognitionEndpoint, type RekognitionEndpoint } from '../src/testing/index';
import { fixtureImage, recorded } from './helpers/fixtures';

let endpoint: RekognitionEndpoint;

function recognizer(extra: Partial<RekognitionFaceRecognizerOptions> = {}) {
  return createRekognitionFaceRecognizer({
    clientConfig: {
      endpoint: endpoint.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
    },
    baseDelayMs: 5,
    maxDelayMs: 20,
    ...extra,
  });
}

describe('recognizeFaces on Rekognition (RecognizeCelebrities), against recorded responses', () => {
  beforeAll(async () => {
    // The endpoint needs a label detector for live answers; every test here plays recorded ones.
    endpoint = await startRekognitionEndpoint({ detector: createLocalDetector({ threads: 1 }) });
  });

  afterAll(async () => {
    await endpoint?.stop();
  });

  it('sends a signed JSON 1.1 RecognizeCelebrities request with the image bytes, and maps the answer', async () => {
    const from = endpoint.requests.length;
    endpoint.enqueue(recorded('recognize-celebrities'));
    const result = await recognizer().recognizeFaces(fixtureImage('astronaut.png'));
    const [request] = endpoint.requests.slice(from);
    expect(request?.target).toBe('RekognitionService.RecognizeCelebrities');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(String(request?.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST\/\d{8}\/us-east-1\/rekognition\/aws4_request/,
    );
    expect(Object.keys(request?.body ?? {})).toEqual(['Image']);
    expect(Buffer.from(String((request?.body.Image as { Bytes: string }).Bytes), 'base64')).toEqual(
      fixtureImage('astronaut.png'),
    );
    expect(result).toEqual({
      CelebrityFaces: [
        {
          Name: 'Eileen Collins',
          Id: '3Ir0du6',
          MatchConfidence: 98,
          Urls: ['www.wikidata.org/wiki/Q233816'],
          Face: {
            BoundingBox: { Width: 0.2314, Height: 0.3172, Left: 0.3867, Top: 0.1133 },
            Confidence: 99.99835205078125,
          },
        },
      ],
      UnrecognizedFaces: [],
    });
  });

  it('returns empty lists for an image without faces', async () => {
    endpoint.enqueue(recorded('recognize-celebrities-empty'));
    expect(await recognizer().recognizeFaces(fixtureImage('rocket.jpg'))).toEqual({
      CelebrityFaces: [],
      UnrecognizedFaces: [],
    });
  });

  it('keeps every face of a multi-face answer: celebrities best match first, unrecognised faces boxed', async () => {
    endpoint.enqueue(recorded('recognize-celebrities-multi'));
    const result = await recognizer().recognizeFaces(fixtureImage('astronaut.png'));
    expect(result.CelebrityFaces.map((f) => [f.Name, f.MatchConfidence])).toEqual([
      ['Eileen Collins', 99],
      ['Grace Hopper', 96.5],
    ]);
    expect(result.CelebrityFaces[0]?.Urls).toEqual(['www.wikidata.org/wiki/Q233816', 'www.imdb.com/name/nm1237812']);
    expect(result.CelebrityFaces[1]?.Face.BoundingBox).toEqual({
      Width: 0.1875,
      Height: 0.3333,
      Left: 0.6172,
      Top: 0.1528,
    });
    expect(result.CelebrityFaces[0]).not.toHaveProperty('KnownGender');
    expect(result.UnrecognizedFaces).toEqual([
      { BoundingBox: { Width: 0.0719, Height: 0.1278, Left: 0.4453, Top: 0.5611 }, Confidence: 97.84 },
    ]);
  });

  it('passes an S3 object through unchanged', async () => {
    const from = endpoint.requests.length;
    endpoint.enqueue(recorded('recognize-celebrities-empty'));
    await recognizer().recognizeFaces({ S3Object: { Bucket: 'catfinder-site', Name: 'samples/demo/42/3.jpg' } });
    expect(endpoint.requests.slice(from)[0]?.body.Image).toEqual({
      S3Object: { Bucket: 'catfinder-site', Name: 'samples/demo/42/3.jpg' },
    });
  });

  it('retries throttling (bounded) and then gives up with the classified error', async () => {
    endpoint.enqueue(recorded('throttling'), recorded('recognize-celebrities'));
    expect((await recognizer().recognizeFaces(fixtureImage('astronaut.png'))).CelebrityFaces).toHaveLength(1);
    const from = endpoint.requests.length;
    endpoint.enqueue(recorded('throttling'), recorded('throttling'));
    const error = await recognizer({ maxAttempts: 2 })
      .recognizeFaces(fixtureImage('astronaut.png'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RekognitionThrottledError);
    expect(error).toMatchObject({ operation: 'RecognizeCelebrities', attempts: 2 });
    expect(endpoint.requests.length - from).toBe(2);
  });

  it('does not retry a bad image, and checks the documented limits before calling', async () => {
    const from = endpoint.requests.length;
    endpoint.enqueue(recorded('invalid-image-format'));
    const error = await recognizer()
      .recognizeFaces(fixtureImage('astronaut.png'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RekognitionRequestError);
    expect(error).toMatchObject({
      operation: 'RecognizeCelebrities',
      code: 'InvalidImageFormatException',
      attempts: 1,
    });
    await expect(recognizer().recognizeFaces(new Uint8Array(10))).rejects.toMatchObject({ limit: 'format' });
    await expect(recognizer().recognizeFaces(new Uint8Array(6 * 1024 * 1024))).rejects.toBeInstanceOf(ImageLimitError);
    expect(endpoint.requests.length - from).toBe(1);
  });
});
