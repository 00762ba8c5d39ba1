/**
 * A local HTTP endpoint that speaks Amazon Rekognition's JSON 1.1 protocol (`X-Amz-Target:
 * RekognitionService.DetectLabels`), backed by any `LabelDetector` (normally the local one). Point
 * `AWS_ENDPOINT_URL_REKOGNITION` at it and the Rekognition adapter's code path runs offline.
 * Tests can queue recorded service responses (errors, throttling) to play before live answers.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ImageLimitError, InvalidImageError, UnsupportedInputError } from './errors';
import type { ImageInput, LabelDetector } from './types';

/** A response as recorded from the real service: status, headers and JSON body. */
export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface ReceivedRequest {
  target: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export interface RekognitionEndpointOptions {
  /** Detector answering DetectLabels. */
  detector: LabelDetector;
  /**
   * Port to listen on; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * Interface to listen on.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * Largest accepted request body in bytes (base64 of a 5 MB image plus slack).
   * @default 8 MiB
   */
  maxBodyBytes?: number;
}

export interface RekognitionEndpoint {
  /** e.g. `http://127.0.0.1:34567` — use as the SDK `endpoint` or AWS_ENDPOINT_URL_REKOGNITION. */
  url: string;
  port: number;
  /** Every request received, in order. */
  requests: ReceivedRequest[];
  /** Queue recorded responses; each request consumes one before live answers resume. */
  enqueue(...responses: RecordedResponse[]): void;
  stop(): Promise<void>;
}

const JSON_TYPE = 'application/x-amz-json-1.1';

export async function startRekognitionEndpoint(options: RekognitionEndpointOptions): Promise<RekognitionEndpoint> {
  const requests: ReceivedRequest[] = [];
  const queue: RecordedResponse[] = [];
  const maxBodyBytes = options.maxBodyBytes ?? 8 * 1024 * 1024;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, serviceError(500, 'InternalServerError', String(error))));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    const raw = await readBody(req, maxBodyBytes);
    if (raw === undefined)
      return send(res, serviceError(413, 'ImageTooLargeException', `Request body larger than ${maxBodyBytes} bytes`));
    let body: Record<string, unknown>;
    try {
      body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      return send(res, serviceError(400, 'SerializationException', 'Request body is not JSON'));
    }
    requests.push({ target, headers: req.headers, body });
    const recorded = queue.shift();
    if (recorded) return send(res, recorded);
    if (req.method !== 'POST') return send(res, serviceError(405, 'UnknownOperationException', `method ${req.method}`));
    switch (target) {
      case 'RekognitionService.DetectLabels':
        return send(res, await detectLabels(body));
      case 'RekognitionService.RecognizeCelebrities':
        // No face recognition offline: a well-formed empty answer keeps the caller's path alive.
        return send(res, ok({ CelebrityFaces: [], UnrecognizedFaces: [] }));
      default:
        return send(
          res,
          serviceError(400, 'UnknownOperationException', `unsupported target ${JSON.stringify(target)}`),
        );
    }
  }

  async function detectLabels(body: Record<string, unknown>): Promise<RecordedResponse> {
    const image = toImage(body.Image);
    if (!image) return serviceError(400, 'InvalidParameterException', 'Image must have Bytes or S3Object');
    try {
      const result = await options.detector.detectLabels(image, {
        ...(typeof body.MinConfidence === 'number' ? { MinConfidence: body.MinConfidence } : {}),
        ...(typeof body.MaxLabels === 'number' ? { MaxLabels: body.MaxLabels } : {}),
      });
      return ok({ Labels: result.Labels, LabelModelVersion: result.LabelModelVersion });
    } catch (error) {
      if (error instanceof ImageLimitError && error.limit === 'bytes')
        return serviceError(400, 'ImageTooLargeException', error.message);
      if (error instanceof InvalidImageError && error.reason === 'bad-argument')
        return serviceError(400, 'InvalidParameterException', error.message);
      if (error instanceof InvalidImageError || error instanceof ImageLimitError)
        return serviceError(400, 'InvalidImageFormatException', error.message);
      if (error instanceof UnsupportedInputError) return serviceError(400, 'InvalidS3ObjectException', error.message);
      return serviceError(500, 'InternalServerError', error instanceof Error ? error.message : String(error));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    requests,
    enqueue: (...responses) => queue.push(...responses),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function toImage(value: unknown): ImageInput | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const image = value as { Bytes?: unknown; S3Object?: { Bucket?: unknown; Name?: unknown } };
  if (typeof image.Bytes === 'string') return new Uint8Array(Buffer.from(image.Bytes, 'base64'));
  if (image.S3Object && typeof image.S3Object.Bucket === 'string' && typeof image.S3Object.Name === 'string') {
    return { S3Object: { Bucket: image.S3Object.Bucket, Name: image.S3Object.Name } };
  }
  return undefined;
}

function ok(body: unknown): RecordedResponse {
  return { status: 200, headers: { 'content-type': JSON_TYPE }, body };
}

function serviceError(status: number, code: string, message: string): RecordedResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, body: { __type: code, Message: message } };
}

function send(res: ServerResponse, response: RecordedResponse): void {
  const payload = Buffer.from(JSON.stringify(response.body));
  const headers: Record<string, string> = {
    'content-type': JSON_TYPE,
    'x-amzn-requestid': randomUUID(),
    ...lowerKeys(response.headers),
  };
  headers['content-length'] = String(payload.length);
  res.writeHead(response.status, headers);
  res.end(payload);
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
