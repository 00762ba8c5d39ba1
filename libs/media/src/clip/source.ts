import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidClipRequestError, InvalidSegmentError } from '../errors';
import type { FfmpegRunOptions } from '../ffmpeg/run';
import { normaliseSegmentInput } from '../fmp4/normalise';
import { scanTs, type TsScan } from '../ts/scan-ts';
import type { ClipSegment, FrameRef } from './types';

/** One source frame in the joined timeline. */
export interface SourceFrame {
  mediaSequence: number;
  index: number;
  /** Position in presentation order across all segments. */
  global: number;
  /** PTS (90 kHz), continuous across segments. */
  pts: number;
  keyframe: boolean;
  /** Byte offset of its first TS packet in the joined file. */
  byteOffset: number;
  /** Position in decode order across all segments. */
  decodeOrder: number;
}

/** The given segments joined into one TS, with a frame table. */
export interface ClipSource {
  joinedPath: string;
  joined: Buffer;
  joinedSize: number;
  /** PAT + PMT packets to prepend to a byte range cut from the joined file. */
  header: Buffer;
  frames: SourceFrame[];
  /** Frames in decode order. */
  decode: SourceFrame[];
  fps: number;
  /** Reorder delay in frames (B-frame pyramid depth seen in the stream). */
  reorderDelayFrames: number;
  hasAudio: boolean;
  codec: 'h264' | 'hevc';
  /** True when some frame decodes after a keyframe but displays before it (open GOP / leading pictures). */
  openGop: boolean;
}

/**
 * Read, validate and join the segments; throw typed errors naming the file for bad input.
 * fMP4 segments are first remuxed to TS inside `tmp` (timestamps kept), so everything below works
 * on one TS timeline whatever the container.
 */
export async function loadClipSource(
  segments: readonly ClipSegment[],
  tmp: string,
  run: Pick<FfmpegRunOptions, 'timeoutMs' | 'signal' | 'ffmpegPath'> = { timeoutMs: 60_000 },
): Promise<ClipSource> {
  if (segments.length === 0) throw new InvalidClipRequestError('cutClip: no segments given');
  const tsPaths = await normaliseAll(segments, tmp, run);
  const timeline = new JoinedTimeline();
  for (const [i, seg] of segments.entries()) {
    const bytes = await readSegmentBytes(tsPaths[i] ?? seg.path, seg.path);
    timeline.append(seg, bytes, scanTs(bytes, seg.path));
  }
  const joinedPath = join(tmp, 'joined.ts');
  const joined = Buffer.concat(timeline.buffers);
  await writeFile(joinedPath, joined);
  const { frames, decode, fps } = timeline;
  return {
    joinedPath,
    joined,
    joinedSize: timeline.size,
    header: timeline.header,
    frames,
    decode,
    fps,
    reorderDelayFrames: Math.round(timeline.reorder / (90_000 / fps)),
    hasAudio: timeline.hasAudio,
    codec: timeline.codec,
    openGop: hasOpenGop(decode),
  };
}

async function readSegmentBytes(path: string, named: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw new InvalidSegmentError(named, `cannot read: ${(cause as Error).message}`, {}, { cause });
  }
}

/** The segments appended one by one into one frame table on one continuous PTS timeline. */
class JoinedTimeline {
  readonly buffers: Buffer[] = [];
  readonly frames: SourceFrame[] = [];
  readonly decode: SourceFrame[] = [];
  /** Bytes joined so far (= byte offset of the next segment). */
  size = 0;
  fps = 0;
  header = Buffer.alloc(0);
  hasAudio = true;
  codec: 'h264' | 'hevc' = 'h264';
  reorder = 0;
  private prevEnd: { pts: number; path: string; seq: number } | undefined;

  append(seg: ClipSegment, bytes: Buffer, scan: TsScan): void {
    if (this.buffers.length === 0) {
      this.fps = scan.frameRate;
      this.codec = scan.codec;
      this.header = Buffer.concat([
        bytes.subarray(scan.patOffset, scan.patOffset + 188),
        bytes.subarray(scan.pmtOffset, scan.pmtOffset + 188),
      ]);
      this.reorder = scan.reorderDelay;
    } else if (Math.abs(scan.frameRate - this.fps) > 0.01) {
      throw new InvalidSegmentError(
        seg.path,
        `frame rate ${scan.frameRate} differs from ${this.fps} of the first segment`,
      );
    }
    this.hasAudio &&= scan.hasAudio;
    const shift = this.prevEnd ? continuationShift(this.prevEnd, seg, scan, 90_000 / this.fps) : 0;
    this.addFrames(seg, scan, shift);
    const last = this.frames[this.frames.length - 1];
    this.prevEnd = { pts: last?.pts ?? 0, path: seg.path, seq: seg.mediaSequence };
    this.buffers.push(bytes);
    this.size += bytes.length;
  }

  private addFrames(seg: ClipSegment, scan: TsScan, shift: number): void {
    const byFrame = new Map<object, SourceFrame>();
    scan.presentation.forEach((f, index) => {
      const sf: SourceFrame = {
        mediaSequence: seg.mediaSequence,
        index,
        global: this.frames.length,
        pts: f.pts + shift,
        keyframe: f.keyframe,
        byteOffset: this.size + f.byteOffset,
        decodeOrder: 0,
      };
      this.frames.push(sf);
      byFrame.set(f, sf);
    });
    for (const f of scan.frames) {
      const sf = byFrame.get(f);
      if (sf) {
        sf.decodeOrder = this.decode.length;
        this.decode.push(sf);
      }
    }
  }
}

/**
 * PTS shift that continues the timeline from the previous segment (33-bit wrap included); a typed
 * error when the segment does not follow it (sequence or time).
 */
function continuationShift(
  prevEnd: { pts: number; path: string; seq: number },
  seg: ClipSegment,
  scan: TsScan,
  step: number,
): number {
  if (seg.mediaSequence !== prevEnd.seq + 1) {
    throw new InvalidClipRequestError(
      `cutClip: segments not contiguous: ${prevEnd.path} (sequence ${prevEnd.seq}) is followed by ${seg.path} (sequence ${seg.mediaSequence})`,
      { file: seg.path },
    );
  }
  const first = scan.presentation[0]?.pts ?? 0;
  const wrap = 2 ** 33;
  const expected = prevEnd.pts + step;
  const shift = Math.round((expected - first) / wrap) * wrap;
  const gap = first + shift - expected;
  if (Math.abs(gap) > step / 2) {
    throw new InvalidClipRequestError(
      `cutClip: segments not contiguous: ${seg.path} starts ${(gap / 90_000).toFixed(3)} s away from the end of ${prevEnd.path}`,
      { file: seg.path },
    );
  }
  return shift;
}

/** True when some frame decodes after a keyframe but displays before it. */
function hasOpenGop(decode: readonly SourceFrame[]): boolean {
  let maxPtsBeforeKey = -Infinity;
  for (const f of decode) {
    if (f.keyframe) maxPtsBeforeKey = f.pts;
    else if (f.pts < maxPtsBeforeKey) return true;
  }
  return false;
}

/** TS path of every segment: the file itself for TS, a remux in `tmp/fmp4-<i>/` for fMP4 (one at a time: stream copies, and the machine is small). */
async function normaliseAll(
  segments: readonly ClipSegment[],
  tmp: string,
  run: Pick<FfmpegRunOptions, 'timeoutMs' | 'signal' | 'ffmpegPath'>,
): Promise<string[]> {
  const paths: string[] = [];
  for (const [i, seg] of segments.entries()) {
    const outputDir = join(tmp, `fmp4-${i}`);
    await mkdir(outputDir, { recursive: true });
    // Cleanup is the clip's temp dir, removed as a whole when the clip is done.
    const normalised = await normaliseSegmentInput({
      segmentPath: seg.path,
      ...(seg.initPath ? { initPath: seg.initPath } : {}),
      outputDir,
      timeoutMs: run.timeoutMs,
      ...(run.signal ? { signal: run.signal } : {}),
      ...(run.ffmpegPath ? { ffmpegPath: run.ffmpegPath } : {}),
    });
    paths.push(normalised.tsPath);
  }
  return paths;
}

/** Global presentation index of a frame reference, or a typed error naming what is out of range. */
export function locateFrame(source: ClipSource, ref: FrameRef, what: string, segments: readonly ClipSegment[]): number {
  const f = source.frames.find((x) => x.mediaSequence === ref.mediaSequence && x.index === ref.index);
  if (!f) {
    const seg = segments.find((s) => s.mediaSequence === ref.mediaSequence);
    const count = source.frames.filter((x) => x.mediaSequence === ref.mediaSequence).length;
    throw new InvalidClipRequestError(
      seg
        ? `cutClip: ${what} frame ${ref.index} is outside ${seg.path} (sequence ${ref.mediaSequence} has ${count} frames)`
        : `cutClip: ${what} frame is in sequence ${ref.mediaSequence}, which is not among the given segments (${segments.map((s) => s.mediaSequence).join(', ')})`,
      seg ? { file: seg.path } : {},
    );
  }
  return f.global;
}
