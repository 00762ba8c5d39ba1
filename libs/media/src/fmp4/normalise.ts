import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { FfmpegExitError, InvalidSegmentError } from '../errors';
import { runFfmpeg } from '../ffmpeg/run';
import { makeTempDir } from '../temp';
import { scanTs } from '../ts/scan-ts';
import { inspectFmp4, looksLikeIsoBmff, type Fmp4Layout } from './boxes';
import { ANNEXB_FILTERS, DEFAULT_NORMALISE_TIMEOUT_MS, NORMALISE_TEMP_PREFIX } from './constants';

/** Options of {@link normaliseSegmentInput}. */
export interface NormaliseSegmentOptions {
  /** The segment: MPEG-TS, a self-contained fMP4 (init section followed by its fragments), or a bare fMP4 fragment (then `initPath` is required). */
  segmentPath: string;
  /** The segment's init section (`#EXT-X-MAP`) when the segment file does not carry its own `moov`. Ignored for TS and self-contained fMP4. */
  initPath?: string;
  /**
   * Directory the MPEG-TS is written to (`<segment name>.normalised.ts`; created if missing).
   * @default a fresh temp directory, removed by `cleanup()`
   */
  outputDir?: string;
  /**
   * Timeout of the remux.
   * @default 30000
   */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** ffmpeg binary. @default resolveFfmpeg() */
  ffmpegPath?: string;
}

/** A segment as MPEG-TS, ready for analyseSegment / scanTs / the clipper. */
export interface NormalisedSegment {
  /** The TS to read: `segmentPath` itself for TS input, else the remuxed file. */
  tsPath: string;
  /** What the input was. */
  format: 'ts' | 'fmp4';
  /** Removes what the normalisation wrote (nothing for TS input). Idempotent. */
  cleanup(): Promise<void>;
}

/**
 * Accept a segment in either HLS container and hand back MPEG-TS: TS is passed through untouched;
 * fMP4 (CMAF) is checked box by box, then stream-copied to TS with ffmpeg — no decode, Annex B
 * bitstream filter for H.264/HEVC, `-copyts` plus `-mpegts_copyts 1` so every PTS/DTS is the
 * fMP4's own (tfdt + composition offsets, rescaled to 90 kHz) and consecutive segments stay one
 * continuous timeline. The remux is checked: its frame count must equal the fragments' declared
 * video samples. Bad input → InvalidSegmentError naming the file and the problem, and nothing
 * left behind.
 */
export async function normaliseSegmentInput(options: NormaliseSegmentOptions): Promise<NormalisedSegment> {
  const { segmentPath } = options;
  const head = await readHead(segmentPath, 8);
  if (head.length === 0) throw new InvalidSegmentError(segmentPath, 'zero-byte file');
  if (head[0] === 0x47) return { tsPath: segmentPath, format: 'ts', cleanup: async () => undefined };
  if (!looksLikeIsoBmff(head)) {
    throw new InvalidSegmentError(
      segmentPath,
      `neither MPEG-TS (no 0x47 sync byte) nor fMP4 (no ISO BMFF box at byte 0; starts ${hex(head)})`,
    );
  }

  const segment = await readAll(segmentPath);
  const layout = inspectFmp4(segment, segmentPath);
  let init: { path: string; bytes: Buffer; layout: Fmp4Layout } | undefined;
  if (!layout.hasInit) {
    if (!options.initPath) {
      throw new InvalidSegmentError(
        segmentPath,
        'fMP4 fragment without an init section (no moov box; pass the #EXT-X-MAP init section as initPath)',
      );
    }
    const bytes = await readAll(options.initPath);
    const initLayout = inspectFmp4(bytes, options.initPath);
    if (!initLayout.hasInit) throw new InvalidSegmentError(options.initPath, 'not an fMP4 init section (no moov box)');
    init = { path: options.initPath, bytes, layout: initLayout };
  }
  if (layout.fragments === 0)
    throw new InvalidSegmentError(segmentPath, 'no media fragment (moof + mdat) in the fMP4 segment');
  const initFile = init?.path ?? segmentPath;
  const video = (init?.layout ?? layout).videoTracks[0];
  if (!video) throw new InvalidSegmentError(initFile, 'the fMP4 init section has no video track');
  const bsf = ANNEXB_FILTERS[video.codec];
  if (!bsf)
    throw new InvalidSegmentError(
      initFile,
      `unsupported fMP4 video codec ${JSON.stringify(video.codec)} (H.264 avc1/avc3 or HEVC hvc1/hev1 expected)`,
    );
  const expectedFrames = layout.samplesByTrack.get(video.trackId) ?? 0;
  if (expectedFrames === 0)
    throw new InvalidSegmentError(segmentPath, `no samples of video track ${video.trackId} in the fMP4 fragments`);

  const ownDir = options.outputDir === undefined ? await makeTempDir(NORMALISE_TEMP_PREFIX) : undefined;
  const outDir = ownDir ?? options.outputDir ?? '';
  const stem = basename(segmentPath).replace(/\.[^.]*$/, '');
  const tsPath = join(outDir, `${stem}.normalised.ts`);
  const joinedInit = init ? join(outDir, `${stem}.with-init.mp4`) : undefined;
  const cleanup = async (): Promise<void> => {
    await (ownDir
      ? rm(ownDir, { recursive: true, force: true })
      : Promise.all([rm(tsPath, { force: true }), ...(joinedInit ? [rm(joinedInit, { force: true })] : [])]));
  };
  try {
    if (ownDir === undefined) await mkdir(outDir, { recursive: true });
    // The init section and the fragment make one self-contained file for ffmpeg's mov demuxer.
    if (init && joinedInit) await writeFile(joinedInit, Buffer.concat([init.bytes, segment]));
    await remux(joinedInit ?? segmentPath, tsPath, bsf, segmentPath, options);
    if (joinedInit) await rm(joinedInit, { force: true });
    const frames = scanTs(await readFile(tsPath), segmentPath).frames.length;
    if (frames !== expectedFrames) {
      throw new InvalidSegmentError(
        segmentPath,
        `remuxed to ${frames} video frames but its fragments declare ${expectedFrames} samples`,
      );
    }
    return { tsPath, format: 'fmp4', cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function remux(
  input: string,
  output: string,
  bsf: string,
  segmentPath: string,
  options: NormaliseSegmentOptions,
): Promise<void> {
  const args = [
    '-copyts', // keep the fMP4's timestamps (no shift to 0) ...
    '-i',
    input,
    '-map',
    '0:v:0',
    '-map',
    '0:a:0?',
    '-c',
    'copy',
    '-bsf:v',
    bsf,
    '-mpegts_copyts',
    '1', // ... and do not let the TS muxer add its 1.4 s start offset either
    '-f',
    'mpegts',
    output,
  ];
  try {
    await runFfmpeg(args, {
      timeoutMs: options.timeoutMs ?? DEFAULT_NORMALISE_TIMEOUT_MS,
      signal: options.signal,
      ffmpegPath: options.ffmpegPath,
      cleanupOnFailure: [output],
    });
  } catch (error) {
    // ffmpeg refusing the file is a property of the input; timeouts and aborts stay what they are.
    if (!(error instanceof FfmpegExitError)) throw error;
    const last = (error.stderrTail ?? '').trim().split(/\r?\n/).slice(-2).join(' | ');
    throw new InvalidSegmentError(
      segmentPath,
      `ffmpeg could not remux the fMP4 to MPEG-TS: ${last || `exit ${error.exitCode}`}`,
      { args: error.args, exitCode: error.exitCode, stderrTail: error.stderrTail },
      { cause: error },
    );
  }
}

/** True when the file starts with an ISO BMFF box (fMP4); false otherwise, also when it cannot be read. */
export async function startsWithIsoBox(path: string): Promise<boolean> {
  const head = await readHead(path, 8).catch(() => undefined);
  return head !== undefined && looksLikeIsoBmff(head);
}

async function readHead(path: string, bytes: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    throw new InvalidSegmentError(path, `cannot read: ${(cause as Error).message}`, {}, { cause });
  }
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function readAll(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw new InvalidSegmentError(path, `cannot read: ${(cause as Error).message}`, {}, { cause });
  }
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').replace(/(..)/g, '$1 ').trim();
}
