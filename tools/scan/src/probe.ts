/**
 * What is in a media file, read from ffmpeg's own stream listing (`ffmpeg -i`; no ffprobe ships
 * with the static ffmpeg), and whether a scan can use it: H.264 video is required, since the
 * frame-accurate cutter re-encodes partial GOPs with x264 and stream-copies the rest.
 */
import { open, stat } from 'node:fs/promises';
import { FfmpegExitError, looksLikeIsoBmff, runFfmpeg } from '@catfinder/media';
import { ScanInputError } from './errors';

export interface MediaProbe {
  readonly container: string;
  /** Declared duration, seconds (absent for streams that do not declare one). */
  readonly durationSeconds?: number;
  readonly videoCodec?: string;
  readonly frameRate?: number;
  readonly width?: number;
  readonly height?: number;
  readonly audioCodec?: string;
}

const PROBE_TIMEOUT_MS = 30_000;
/** Codecs the cutter can cut frame-accurately (x264 re-encodes partial GOPs). */
export const SUPPORTED_VIDEO_CODECS: readonly string[] = ['h264'];
/** Audio codecs MPEG-TS parts can carry by stream copy; others are left out of the parts. */
export const TS_AUDIO_CODECS: readonly string[] = ['aac', 'mp3', 'mp2', 'ac3', 'eac3'];

/** Parses the `Input #0` block of ffmpeg's stderr. Pure; exported for tests. */
export function parseProbe(stderr: string): MediaProbe | undefined {
  const input = /Input #0, ([^,\n]+(?:,[^,\n ]+)*), from/.exec(stderr);
  if (!input) return undefined;
  const duration = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(stderr);
  const video = /Stream #0:\d+[^\n]*?: Video: (\w+)([^\n]*)/.exec(stderr);
  const isCoverArt = video?.[2]?.includes('attached pic') ?? false;
  const audio = /Stream #0:\d+[^\n]*?: Audio: (\w+)/.exec(stderr);
  const size = video && !isCoverArt ? /, (\d{2,5})x(\d{2,5})/.exec(video[2] ?? '') : null;
  const fps = video && !isCoverArt ? /, (\d+(?:\.\d+)?) fps/.exec(video[2] ?? '') : null;
  return {
    container: input[1]!,
    ...(duration
      ? { durationSeconds: Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) }
      : {}),
    ...(video && !isCoverArt ? { videoCodec: video[1]! } : {}),
    ...(size ? { width: Number(size[1]), height: Number(size[2]) } : {}),
    ...(fps ? { frameRate: Number(fps[1]) } : {}),
    ...(audio ? { audioCodec: audio[1]! } : {}),
  };
}

/** Probes a local file and throws ScanInputError unless it holds H.264 video. */
export async function probeFile(path: string, signal?: AbortSignal): Promise<MediaProbe> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ScanInputError(path, 'missing', 'is not a file');
    if (info.size === 0) throw new ScanInputError(path, 'not-media', 'is empty (0 bytes)');
  } catch (error) {
    if (error instanceof ScanInputError) throw error;
    throw new ScanInputError(
      path,
      'missing',
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      { cause: error },
    );
  }
  let stderr: string;
  try {
    stderr = (await runFfmpeg(['-i', path], { timeoutMs: PROBE_TIMEOUT_MS, ...(signal ? { signal } : {}) })).stderrTail;
  } catch (error) {
    // `ffmpeg -i` without an output always exits 1; the listing is in its stderr.
    if (!(error instanceof FfmpegExitError)) throw error;
    stderr = error.stderrTail ?? '';
  }
  return checkProbe(path, stderr, await isIsoBmff(path));
}

/** Whether the file starts like an MP4/MOV (an ISO BMFF box), whatever its name. */
async function isIsoBmff(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = new Uint8Array(16);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return looksLikeIsoBmff(head.subarray(0, bytesRead));
  } finally {
    await file.close();
  }
}

/** Turns ffmpeg's listing into a probe, or the one error that says what is wrong. */
export function checkProbe(path: string, stderr: string, isoBmff = false): MediaProbe {
  const probe = parseProbe(stderr);
  if (!probe) {
    // An MP4/MOV written without +faststart keeps its index at the end: cut short, it has none.
    if (isoBmff && /moov atom not found/.test(stderr))
      throw new ScanInputError(
        path,
        'not-media',
        'is an MP4/MOV without its index (moov atom not found): truncated before the end, or still being written',
      );
    const why = /Invalid data found when processing input/.test(stderr)
      ? 'ffmpeg finds no known container in it'
      : lastLine(stderr);
    throw new ScanInputError(path, 'not-media', `is not a media file (${why})`);
  }
  if (!probe.videoCodec) {
    throw new ScanInputError(
      path,
      probe.audioCodec ? 'audio-only' : 'not-media',
      probe.audioCodec ? `has no video stream (audio only: ${probe.audioCodec})` : 'has no video stream',
    );
  }
  if (!SUPPORTED_VIDEO_CODECS.includes(probe.videoCodec)) {
    throw new ScanInputError(
      path,
      'unsupported-codec',
      `video codec ${probe.videoCodec} is not supported: clips are cut frame-accurately from H.264 only (re-encode with e.g. \`ffmpeg -i in -c:v libx264 out.mp4\`)`,
    );
  }
  return probe;
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() || 'no output from ffmpeg';
}
