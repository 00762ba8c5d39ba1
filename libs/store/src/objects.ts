/** Objects in the bucket: every put carries Content-Type and Cache-Control; keys are validated. */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { FEED_CACHE_CONTROL, MEDIA_CACHE_CONTROL } from './constants';
import { call, mayPass, type StoreContext } from './context';
import { sleep } from './util/sleep';
import {
  clipKeys,
  contentTypeFor,
  initSectionKey,
  sampleImageKey,
  segmentArchiveKey,
  validateObjectKey,
  type ClipKeys,
} from './keys';

/** Options of one put. */
export interface PutObjectOptions {
  /** @default from the key's extension (`contentTypeFor`) */
  readonly contentType?: string;
  /** @default short for `feeds/` and `index.html`, long (immutable) for everything else */
  readonly cacheControl?: string;
  /** User metadata (x-amz-meta-*). */
  readonly metadata?: Record<string, string>;
}

/** What `head` reports. */
export interface ObjectInfo {
  readonly contentType?: string;
  readonly cacheControl?: string;
  readonly contentLength?: number;
  readonly metadata: Record<string, string>;
}

/** Default Cache-Control for a key. */
export function cacheControlFor(key: string): string {
  if (key.startsWith('feeds/')) return FEED_CACHE_CONTROL;
  if (key === 'index.html' || key.endsWith('/index.html')) return 'no-cache';
  return MEDIA_CACHE_CONTROL;
}

/** A local file to upload, streamed from disk; `start` skips that many leading bytes (an fMP4 segment's init section). */
export interface FileBody {
  readonly path: string;
  /** First byte to upload. @default 0 */
  readonly start?: number;
}

/** A body: bytes, text, or a local file (`{ path, start? }`, streamed). */
export type ObjectBody = Uint8Array | string | FileBody;

// The SDK's standard retry delays (base 100 ms doubling, at most 20 s), for the file loop.
const FILE_RETRY_BASE_DELAY_MS = 100;
const FILE_RETRY_MAX_DELAY_MS = 20_000;

function isFileBody(body: ObjectBody): body is FileBody {
  return typeof body === 'object' && 'path' in body;
}

/** The bytes of a file body to send; a start past the end is the caller's error. */
async function fileSpan(body: FileBody): Promise<{ start: number; length: number }> {
  const size = (await stat(body.path)).size;
  const start = body.start ?? 0;
  if (!Number.isSafeInteger(start) || start < 0 || start > size)
    throw new RangeError(`upload of ${body.path}: start ${start} is outside the file (${size} bytes)`);
  return { start, length: size - start };
}

const isNotFound = (err: unknown): boolean =>
  err instanceof NotFound ||
  err instanceof NoSuchKey ||
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/** Reads and writes objects in the bucket. */
export class ObjectStore {
  constructor(private readonly ctx: StoreContext) {}

  /**
   * Puts one object (validated key; Content-Type and Cache-Control always set). A file body is
   * streamed from disk, never held in memory (see {@link ObjectStore.sendFile}).
   */
  async put(key: string, body: ObjectBody, options: PutObjectOptions = {}): Promise<string> {
    validateObjectKey(key);
    const command = (Body: Uint8Array | string | Readable, ContentLength?: number): PutObjectCommand =>
      new PutObjectCommand({
        Bucket: this.ctx.bucket,
        Key: key,
        Body,
        ContentLength,
        ContentType: options.contentType ?? contentTypeFor(key),
        CacheControl: options.cacheControl ?? cacheControlFor(key),
        Metadata: options.metadata,
      });
    if (isFileBody(body)) {
      // Checked before the call: a missing or short file is the caller's error, not the store's.
      const span = await fileSpan(body);
      await call('putObject', this.ctx.bucket, key, () => this.sendFile(body.path, span, command));
    } else {
      await call('putObject', this.ctx.bucket, key, () => this.ctx.s3.send(command(body)));
    }
    return key;
  }

  /**
   * The SDK never retries a streamed body (its retry middleware gives up at the first error of a
   * streaming request: the stream is spent), so a file is sent by this bounded loop instead: a
   * fresh read stream per attempt, the client's own `maxAttempts` and per-request timeouts,
   * full-jitter exponential backoff, and only errors that may pass are retried.
   */
  private async sendFile(
    path: string,
    span: { readonly start: number; readonly length: number },
    command: (body: Readable, length: number) => PutObjectCommand,
  ): Promise<unknown> {
    const attempts = Math.max(1, await this.ctx.s3.config.maxAttempts());
    for (let attempt = 1; ; attempt++) {
      // An empty span has no byte to read: createReadStream's `end` is inclusive.
      const stream =
        span.length === 0
          ? Readable.from([])
          : createReadStream(path, { start: span.start, end: span.start + span.length - 1 });
      try {
        return await this.ctx.s3.send(command(stream, span.length));
      } catch (err) {
        if (attempt >= attempts || !mayPass(err)) throw err;
      } finally {
        stream.destroy();
      }
      await sleep(Math.random() * Math.min(FILE_RETRY_MAX_DELAY_MS, FILE_RETRY_BASE_DELAY_MS * 2 ** attempt));
    }
  }

  /** `samples/<channel>/<seq>/<index>.jpg` */
  async putSampleImage(channel: string, mediaSequence: number, frameIndex: number, jpeg: ObjectBody): Promise<string> {
    return await this.put(sampleImageKey(channel, mediaSequence, frameIndex), jpeg, { contentType: 'image/jpeg' });
  }

  /** `segments/<channel>/<seq>.<ext>` */
  async putSegmentArchive(channel: string, mediaSequence: number, ext: string, body: ObjectBody): Promise<string> {
    return await this.put(segmentArchiveKey(channel, mediaSequence, ext), body);
  }

  /** `segments/<channel>/init/<initId>.<ext>` */
  async putInitSection(channel: string, initId: string, ext: string, body: ObjectBody): Promise<string> {
    return await this.put(initSectionKey(channel, initId, ext), body);
  }

  /** Uploads a clip's MP4 / poster / playlist (whichever are given); returns all three keys. */
  async putClipFiles(
    channel: string,
    clipId: string,
    files: { mp4?: ObjectBody; poster?: ObjectBody; hls?: ObjectBody },
  ): Promise<ClipKeys> {
    const keys = clipKeys(channel, clipId);
    await Promise.all([
      files.mp4 === undefined ? undefined : this.put(keys.mp4, files.mp4),
      files.poster === undefined ? undefined : this.put(keys.poster, files.poster),
      files.hls === undefined ? undefined : this.put(keys.hls, files.hls),
    ]);
    return keys;
  }

  /** Whole object as bytes, or undefined if missing. */
  async getBytes(key: string): Promise<Uint8Array | undefined> {
    validateObjectKey(key);
    try {
      return await call('getObject', this.ctx.bucket, key, async () => {
        const out = await this.ctx.s3.send(new GetObjectCommand({ Bucket: this.ctx.bucket, Key: key }));
        return out.Body === undefined ? new Uint8Array() : await out.Body.transformToByteArray();
      });
    } catch (err) {
      if (isNotFound((err as Error).cause ?? err)) return undefined;
      throw err;
    }
  }

  /** Streams an object to a local file; false if missing. */
  async download(key: string, filePath: string): Promise<boolean> {
    validateObjectKey(key);
    try {
      await call('downloadObject', this.ctx.bucket, key, async () => {
        const out = await this.ctx.s3.send(new GetObjectCommand({ Bucket: this.ctx.bucket, Key: key }));
        await pipeline(out.Body as Readable, createWriteStream(filePath));
      });
      return true;
    } catch (err) {
      if (isNotFound((err as Error).cause ?? err)) return false;
      throw err;
    }
  }

  /** Deletes an object; deleting a missing key is not an error (S3 semantics). */
  async delete(key: string): Promise<void> {
    validateObjectKey(key);
    await call('deleteObject', this.ctx.bucket, key, () =>
      this.ctx.s3.send(new DeleteObjectCommand({ Bucket: this.ctx.bucket, Key: key })),
    );
  }

  /** Headers of an object, or undefined if missing. */
  async head(key: string): Promise<ObjectInfo | undefined> {
    validateObjectKey(key);
    try {
      const out = await call('headObject', this.ctx.bucket, key, () =>
        this.ctx.s3.send(new HeadObjectCommand({ Bucket: this.ctx.bucket, Key: key })),
      );
      return {
        contentType: out.ContentType,
        cacheControl: out.CacheControl,
        contentLength: out.ContentLength,
        metadata: out.Metadata ?? {},
      };
    } catch (err) {
      if (isNotFound((err as Error).cause ?? err)) return undefined;
      throw err;
    }
  }
}

/** A key as a URL relative to the site root (segments percent-encoded, slashes kept). */
export function relativeUrl(key: string): string {
  return validateObjectKey(key).split('/').map(encodeURIComponent).join('/');
}
