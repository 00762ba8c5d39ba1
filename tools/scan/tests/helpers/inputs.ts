/**
 * Test inputs, made with the real ffmpeg from the demo channel's shared short programme (6 s,
 * 30 fps, 1 s GOPs; the cat is frames 45–134) and cached under $TMPDIR by name, so every test
 * file of a run (and the next run) reuses them.
 */
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchedule, cachedProgram, SHARED_PROGRAMME_CACHE, SHORT_PROGRAMME } from '@catfinder/demo-channel';
import { runFfmpeg, writeAtomically } from '@catfinder/media';

export const INPUTS_DIR = join(tmpdir(), 'catfinder-scan-test-inputs');
/** The short programme's cat, inclusive frames at 30 fps. */
export const CAT_FRAMES: readonly [number, number] = [45, 134];
export const SHORT_TRUTH = { fps: 30, labels: { Cat: [[CAT_FRAMES[0], CAT_FRAMES[1]]] } };

export function shortProgramme(): Promise<string> {
  return cachedProgram(buildSchedule(SHORT_PROGRAMME.scenes, SHORT_PROGRAMME.segmentSeconds), SHARED_PROGRAMME_CACHE);
}

/** Makes `name` once with ffmpeg `args(outPath)` (written atomically) and returns its path. */
async function cached(name: string, make: (out: string) => Promise<unknown>): Promise<string> {
  const path = join(INPUTS_DIR, name);
  try {
    await access(path);
    return path;
  } catch {
    await mkdir(INPUTS_DIR, { recursive: true });
    await writeAtomically(path, async (partial) => void (await make(partial)));
    return path;
  }
}

const ff = (args: string[]): Promise<unknown> =>
  runFfmpeg(['-y', '-loglevel', 'error', ...args], { timeoutMs: 120_000 });

/** The programme in another container, stream-copied (same frames, same GOPs). */
export async function remuxed(ext: 'mov' | 'mkv' | 'ts'): Promise<string> {
  const source = await shortProgramme();
  const format = { mov: 'mov', mkv: 'matroska', ts: 'mpegts' }[ext];
  return cached(`short.${ext}`, (out) =>
    ff(['-i', source, '-c', 'copy', ...(ext === 'ts' ? ['-bsf:v', 'h264_mp4toannexb'] : []), '-f', format, out]),
  );
}

/** A tiny clip in an unsupported codec. */
export function unsupported(codec: 'hevc' | 'vp9' | 'av1'): Promise<string> {
  const enc = {
    hevc: ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-f', 'mp4'],
    vp9: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-f', 'webm'],
    av1: ['-c:v', 'libaom-av1', '-strict', 'experimental', '-cpu-used', '8', '-f', 'matroska'],
  }[codec];
  return cached(`tiny-${codec}.${codec === 'vp9' ? 'webm' : codec === 'av1' ? 'mkv' : 'mp4'}`, (out) =>
    ff(['-f', 'lavfi', '-i', 'testsrc2=size=64x64:rate=10', '-frames:v', '5', '-pix_fmt', 'yuv420p', ...enc, out]),
  );
}

export function audioOnly(): Promise<string> {
  return cached('tone.m4a', (out) =>
    ff(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac', '-f', 'mp4', out]),
  );
}

export function notMedia(): Promise<string> {
  return cached('notes.mp4', (out) => writeFile(out, 'these are meeting notes, not a video\n'.repeat(50)));
}

/** The MP4 cut off at 60 % of its bytes (the moov is at the front: +faststart). */
export async function truncatedMp4(): Promise<string> {
  const bytes = await readFile(await shortProgramme());
  return cached('truncated.mp4', (out) => writeFile(out, bytes.subarray(0, Math.floor(bytes.length * 0.6))));
}

/** An MP4 with its index at the end (no +faststart), cut off at 60 %: the index is gone. */
export async function truncatedNoIndexMp4(): Promise<string> {
  const source = await shortProgramme();
  const whole = await cached('no-faststart.mp4', (out) => ff(['-i', source, '-c', 'copy', '-f', 'mp4', out]));
  const bytes = await readFile(whole);
  return cached('no-index.mp4', (out) => writeFile(out, bytes.subarray(0, Math.floor(bytes.length * 0.6))));
}

/** The TS with a stretch of its middle (35–45 % of the bytes) overwritten with zeros. */
export async function corruptMiddleTs(): Promise<string> {
  const bytes = Buffer.from(await readFile(await remuxed('ts')));
  bytes.fill(0, Math.floor(bytes.length * 0.35), Math.floor(bytes.length * 0.45));
  return cached('corrupt-middle.ts', (out) => writeFile(out, bytes));
}

/** The programme with a 440 Hz AAC track (the clips must keep it). */
export async function withAudio(): Promise<string> {
  const source = await shortProgramme();
  return cached('short-audio.mp4', (out) =>
    ff([
      '-i',
      source,
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:duration=6',
      '-map',
      '0:v',
      '-map',
      '1:a',
      '-c:v',
      'copy',
      '-c:a',
      'aac',
      '-shortest',
      '-f',
      'mp4',
      out,
    ]),
  );
}

/** A VOD HLS rendition of the programme (1 s segments, MPEG-TS or fMP4) in its own folder. */
export async function hlsVod(container: 'ts' | 'fmp4' = 'ts'): Promise<string> {
  const source = await shortProgramme();
  const dir = join(INPUTS_DIR, `hls-vod-${container}`);
  await mkdir(dir, { recursive: true });
  const segments =
    container === 'ts'
      ? ['-bsf:v', 'h264_mp4toannexb', '-hls_segment_filename', join(dir, 'seg_%d.ts')]
      : ['-hls_segment_type', 'fmp4', '-hls_segment_filename', join(dir, 'seg_%d.m4s')];
  return cached(`hls-vod-${container}/index.m3u8`, (out) =>
    ff(['-i', source, '-c', 'copy', '-f', 'hls', '-hls_time', '1', '-hls_playlist_type', 'vod', ...segments, out]),
  );
}
