/**
 * A local media file as parts: ffmpeg's segment muxer stream-copies the video (and TS-friendly
 * audio) into MPEG-TS parts, cut on keyframes at about `partSeconds`. No decode, no re-encode,
 * timestamps kept, so consecutive parts are one continuous timeline for the analysis and the
 * cutter. The splitter runs ahead of the scan but is paused (SIGSTOP) once `maxPartsAhead`
 * finished parts wait on disk, so disk use stays bounded whatever the file's length.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startFfmpeg, type FfmpegProcess } from '@catfinder/media';
import { ScanInputError } from '../errors';
import { probeFile, TS_AUDIO_CODECS, type MediaProbe } from '../probe';
import type { DamagedRange, PartSource, ScanPart } from '../types';

export interface FileSourceOptions {
  /** Folder the parts are written to (the caller removes it). */
  readonly workDir: string;
  /** Target part length; parts start on the first keyframe at or after each multiple. @default 4 */
  readonly partSeconds?: number;
  /** Finished parts allowed to wait on disk before the splitter is paused. @default 8 */
  readonly maxPartsAhead?: number;
  /** A running (not paused) splitter that finishes no part for this long is stopped. @default 120000 */
  readonly stallMs?: number;
}

interface ListedPart {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

const POLL_MS = 50;
/**
 * Default part length, seconds. Every part costs an ffmpeg spawn for its analysis (fork + exec of
 * a process holding the detector's ~300 MB, plus codec start-up): 4 s parts need half the spawns
 * of 2 s ones; a 120 s 720p slice took ~9 % less CPU with 6 s parts than with 2 s parts.
 */
export const DEFAULT_PART_SECONDS = 4;
const DEFAULT_STALL_MS = 120_000;

/** Probes the file (throwing ScanInputError for unusable input) and returns its part source. */
export async function openFileSource(path: string, options: FileSourceOptions): Promise<PartSource> {
  const probe = await probeFile(path);
  const damage: DamagedRange[] = [];
  return {
    input: path,
    ...(probe.durationSeconds === undefined ? {} : { totalSeconds: probe.durationSeconds }),
    ...(probe.frameRate === undefined ? {} : { frameRate: probe.frameRate }),
    damage: () => damage,
    parts: (signal) => splitParts(path, probe, options, damage, signal),
  };
}

export function splitArgs(
  path: string,
  probe: MediaProbe,
  listPath: string,
  pattern: string,
  partSeconds: number,
): string[] {
  const audio = probe.audioCodec !== undefined && TS_AUDIO_CODECS.includes(probe.audioCodec);
  const isTs = probe.container.includes('mpegts');
  return [
    '-loglevel',
    'warning',
    '-i',
    path,
    '-map',
    '0:v:0',
    ...(audio ? ['-map', '0:a:0'] : []),
    '-c',
    'copy',
    // MP4/MOV/MKV carry H.264 length-prefixed; MPEG-TS needs Annex B start codes.
    ...(isTs ? [] : ['-bsf:v', 'h264_mp4toannexb']),
    '-f',
    'segment',
    '-segment_format',
    'mpegts',
    '-segment_time',
    String(partSeconds),
    '-segment_list',
    listPath,
    '-segment_list_type',
    'csv',
    pattern,
  ];
}

async function* splitParts(
  path: string,
  probe: MediaProbe,
  options: FileSourceOptions,
  damage: DamagedRange[],
  signal: AbortSignal,
): AsyncGenerator<ScanPart> {
  const listPath = join(options.workDir, 'parts.csv');
  const maxAhead = options.maxPartsAhead ?? 8;
  const warnings: string[] = [];
  const proc: FfmpegProcess = startFfmpeg(
    splitArgs(path, probe, listPath, join(options.workDir, 'part%06d.ts'), options.partSeconds ?? DEFAULT_PART_SECONDS),
    {
      timeoutMs: Number.POSITIVE_INFINITY,
      signal,
      onStderrLine: (line) => {
        if (warnings.length < 20) warnings.push(line.trim());
      },
    },
  );
  let finished = false;
  let failure: unknown;
  const done = proc.done.then(
    () => void (finished = true),
    (error: unknown) => void ((failure = error), (finished = true)),
  );
  let paused = false;
  const pace = (listed: number, yielded: number): void => {
    const ahead = listed - yielded;
    if (!finished && !paused && ahead >= maxAhead) paused = proc.child.kill('SIGSTOP');
    else if (paused && ahead < maxAhead / 2) paused = !proc.child.kill('SIGCONT');
  };
  let yielded = 0;
  let lastEnd = 0;
  // ffmpeg's own run has no timeout (it is paused at will); a splitter that stops making progress
  // while running is stopped and the rest of the file reported as damaged.
  let progressAt = Date.now();
  let listedBefore = 0;
  try {
    for (;;) {
      const wasFinished = finished;
      const listed = await readList(listPath);
      if (listed.length > listedBefore || paused) progressAt = Date.now();
      listedBefore = listed.length;
      if (!finished && Date.now() - progressAt > (options.stallMs ?? DEFAULT_STALL_MS)) {
        failure = new Error(
          `no part finished for ${Math.round((Date.now() - progressAt) / 1000)} s; splitting stopped`,
        );
        await proc.stop();
        finished = true;
      }
      pace(listed.length, yielded);
      while (yielded < listed.length) {
        const p = listed[yielded]!;
        yield {
          sequence: yielded,
          path: join(options.workDir, p.file),
          discontinuity: 0,
          startSeconds: p.start,
          durationSeconds: p.end - p.start,
        };
        lastEnd = p.end;
        yielded++;
        pace(listed.length, yielded);
      }
      if (wasFinished) break;
      await delay(POLL_MS, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return;
    }
  } finally {
    if (paused) proc.child.kill('SIGCONT');
    if (!finished) await proc.stop();
    await done;
  }
  if (yielded === 0) {
    throw new ScanInputError(
      path,
      'no-frames',
      `holds no readable video (${warnings.at(-1) ?? String(failure ?? 'no parts written')})`,
      { cause: failure },
    );
  }
  noteEarlyEnd(probe, lastEnd, failure, warnings, damage);
}

/** A file whose media stops before its declared duration is truncated (or broken) there. */
function noteEarlyEnd(
  probe: MediaProbe,
  lastEnd: number,
  failure: unknown,
  warnings: readonly string[],
  damage: DamagedRange[],
): void {
  const declared = probe.durationSeconds;
  const frame = 1 / (probe.frameRate ?? 25);
  if (declared !== undefined && lastEnd < declared - Math.max(0.5, 2 * frame)) {
    const why = failure ? String((failure as Error).message).split('\n')[0] : (warnings.at(-1) ?? 'no more media');
    damage.push({
      fromSeconds: lastEnd,
      toSeconds: declared,
      reason: `media ends at ${lastEnd.toFixed(2)} s of a declared ${declared.toFixed(2)} s (truncated or damaged: ${why})`,
    });
  } else if (failure) {
    damage.push({
      fromSeconds: lastEnd,
      toSeconds: declared ?? lastEnd,
      reason: `splitting stopped: ${String((failure as Error).message).split('\n')[0]}`,
    });
  }
}

/** Parts the segment muxer has finished (it lists a part once it is closed). */
async function readList(listPath: string): Promise<ListedPart[]> {
  let text: string;
  try {
    text = await readFile(listPath, 'utf8');
  } catch {
    return [];
  }
  const parts: ListedPart[] = [];
  for (const line of text.split('\n')) {
    const [file, start, end] = line.split(',');
    if (!file || start === undefined || end === undefined || !Number.isFinite(Number(end))) continue;
    parts.push({ file, start: Number(start), end: Number(end) });
  }
  return parts;
}
