/**
 * Copies a Delta live-to-VOD MP4 into our own bucket (`clips/<channel>/<id>.mp4`) with a poster
 * JPEG made from its first frame, so the dashboard plays it from its own origin over https and it
 * outlives Delta's temporary VOD. The copy is checked before it is published: a Delta that answers
 * slowly, with an HTTP error, or with an MP4 of the wrong length fails the clip with that reason.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clipKeys } from '@catfinder/store';
import { runFfmpeg, withTempDir } from '@catfinder/media';
import { publishAll } from '../builtin/publish';
import { CLIP_CACHE_CONTROL, CONTENT_TYPE_JPEG, CONTENT_TYPE_MP4, DEFAULT_FETCH_TIMEOUT_MS } from '../constants';
import { ClipProductionError, DeltaHttpError, DeltaTimeoutError } from '../errors';
import type { ClipperStore } from '../store-port';

/** Options of {@link copyDeltaClip}. */
export interface CopyToOriginOptions {
  /** Timeout of the MP4 download. @default 15000 */
  readonly timeoutMs?: number;
  /** Largest MP4 accepted (bytes): 120 s of 1080p fits. @default 400 MiB */
  readonly maxBytes?: number;
  /** Frames the copy may differ from the planned count (Delta cuts at GOP edges on some inputs). @default 0 */
  readonly frameTolerance?: number;
  /** ffmpeg binary. @default libs/media's resolveFfmpeg() (FFMPEG_PATH) */
  readonly ffmpegPath?: string;
}

/** The clip a copy is made for: where it goes and how many frames it must have. */
export interface CopyTarget {
  readonly channel: string;
  readonly id: string;
  readonly expectedFrameCount: number;
}

/** Keys of the published copy (site-root-relative, as the clip record holds them). */
export interface OriginCopy {
  readonly mp4Key: string;
  readonly posterKey: string;
  readonly frameCount: number;
}

const DEFAULT_MAX_BYTES = 400 * 1024 * 1024;
const FFMPEG_TIMEOUT_MS = 60_000;

export async function copyDeltaClip(
  store: Pick<ClipperStore, 'putObject' | 'deleteObject'>,
  target: CopyTarget,
  mp4Url: string,
  options: CopyToOriginOptions = {},
): Promise<OriginCopy> {
  const mp4 = await download(
    mp4Url,
    options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
    options.maxBytes ?? DEFAULT_MAX_BYTES,
  );
  const { frameCount, poster } = await withTempDir(async (dir) => {
    const file = join(dir, 'delta.mp4');
    await writeFile(file, mp4);
    return {
      frameCount: await countFrames(file, options.ffmpegPath),
      poster: await firstFrameJpeg(file, options.ffmpegPath),
    };
  }, 'catfinder-delta-');
  const tolerance = options.frameTolerance ?? 0;
  if (Math.abs(frameCount - target.expectedFrameCount) > tolerance) {
    throw new ClipProductionError(
      'verify',
      `Delta's MP4 ${mp4Url} has ${frameCount} frames, the clip bounds ${target.expectedFrameCount}`,
    );
  }
  const keys = clipKeys(target.channel, target.id);
  await publishAll(store as ClipperStore, [
    { key: keys.mp4, body: mp4, contentType: CONTENT_TYPE_MP4, cacheControl: CLIP_CACHE_CONTROL },
    { key: keys.poster, body: poster, contentType: CONTENT_TYPE_JPEG, cacheControl: CLIP_CACHE_CONTROL },
  ]);
  return { mp4Key: keys.mp4, posterKey: keys.poster, frameCount };
}

async function download(url: string, timeoutMs: number, maxBytes: number): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (cause) {
    if (signal.aborted) throw new DeltaTimeoutError('GET', url, timeoutMs, { cause });
    throw new ClipProductionError('fetch', `downloading Delta's MP4 ${url}: ${(cause as Error).message}`, { cause });
  }
  if (!response.ok)
    throw new DeltaHttpError('GET', url, response.status, (await response.text().catch(() => '')).slice(0, 200));
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > maxBytes)
    throw new ClipProductionError('fetch', `Delta's MP4 ${url} is ${length} bytes, over the ${maxBytes}-byte limit`);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    if (signal.aborted) throw new DeltaTimeoutError('GET', url, timeoutMs, { cause });
    throw new ClipProductionError('fetch', `reading Delta's MP4 ${url}: ${(cause as Error).message}`, { cause });
  }
  if (bytes.length > maxBytes)
    throw new ClipProductionError('fetch', `Delta's MP4 ${url} is over the ${maxBytes}-byte limit`);
  return bytes;
}

/** Video frames of the file, counted by demuxing (no decode). */
async function countFrames(file: string, ffmpegPath: string | undefined): Promise<number> {
  try {
    const { stderrTail } = await runFfmpeg(['-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'null', '-'], {
      timeoutMs: FFMPEG_TIMEOUT_MS,
      ...(ffmpegPath ? { ffmpegPath } : {}),
    });
    const counts = [...stderrTail.matchAll(/frame=\s*(\d+)/g)].map((m) => Number(m[1]));
    if (counts.length === 0) throw new Error('ffmpeg reported no frame count');
    return counts[counts.length - 1]!;
  } catch (cause) {
    if (cause instanceof ClipProductionError) throw cause;
    throw new ClipProductionError(
      'verify',
      `Delta's MP4 is not a readable video: ${(cause as Error).message.slice(0, 200)}`,
      { cause },
    );
  }
}

async function firstFrameJpeg(file: string, ffmpegPath: string | undefined): Promise<Uint8Array> {
  const { stdout } = await runFfmpeg(
    ['-i', file, '-map', '0:v:0', '-frames:v', '1', '-q:v', '3', '-f', 'image2', '-c:v', 'mjpeg', 'pipe:1'],
    {
      timeoutMs: FFMPEG_TIMEOUT_MS,
      ...(ffmpegPath ? { ffmpegPath } : {}),
    },
  );
  return new Uint8Array(stdout);
}
