import { createHash } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import { access, mkdir } from 'node:fs/promises';
import { runFfmpeg, writeAtomically } from '@catfinder/media';
import {
  CANVAS_SCALE,
  DEFAULT_SIZE,
  FIXTURE_IMAGES_DIR,
  MAX_SIZE,
  MAX_ZOOM,
  MIN_SIZE,
  RENDER_TIMEOUT_MS,
  TEST_PATTERN,
  ZOOM_PER_FRAME,
} from './constants';
import { DemoChannelOptionsError } from './errors';
import type { PictureSize, ProgramSchedule, ScheduledScene } from './types';

/**
 * The `size` option, checked: even numbers (4:2:0 video halves both) within MIN_SIZE..MAX_SIZE.
 * Throws DemoChannelOptionsError naming `size` otherwise.
 */
export function checkSize(size: PictureSize | undefined): PictureSize {
  if (size === undefined) return DEFAULT_SIZE;
  const { width, height } = size;
  const ok = (n: unknown, min: number, max: number): boolean =>
    typeof n === 'number' && Number.isInteger(n) && n % 2 === 0 && n >= min && n <= max;
  if (!ok(width, MIN_SIZE.width, MAX_SIZE.width) || !ok(height, MIN_SIZE.height, MAX_SIZE.height)) {
    throw new DemoChannelOptionsError(
      `size must be an even width ${MIN_SIZE.width}..${MAX_SIZE.width} and an even height ${MIN_SIZE.height}..${MAX_SIZE.height}, got ${String(width)}x${String(height)}`,
      { input: 'size' },
    );
  }
  return { width, height };
}

/** Resolve a scene image: absolute paths as given, others inside the shipped fixtures. */
export function resolveImage(image: string): string {
  return isAbsolute(image) ? image : join(FIXTURE_IMAGES_DIR, image);
}

/**
 * ffmpeg arguments that render ONE loop of the program, video only, to `outPath` (MP4), at `size`
 * (the default size gives the arguments, and so the cache name, the program always had):
 * each scene is its image letter-boxed (never stretched: stretching turns the cat into a dog for
 * the detector) with a slow centred zoom, trimmed to its exact frame count; scenes are
 * concatenated, so every scene change is a hard cut. Fixed closed GOPs (one per segment unless the
 * schedule says `framesPerGop`) and no scene-cut keyframes, so the live muxer can cut every
 * segment at exactly `segmentSeconds`.
 */
export function programArgs(schedule: ProgramSchedule, outPath: string, size: PictureSize = DEFAULT_SIZE): string[] {
  const { width, height } = checkSize(size);
  const [canvasWidth, canvasHeight] = [width * CANVAS_SCALE, height * CANVAS_SCALE];
  const inputs: string[] = [];
  const chains: string[] = [];
  // Walk-in pictures are inputs after every scene's own, so a programme without them renders
  // with exactly the arguments (and cache name) it always had.
  const extraInputs: string[] = [];
  schedule.scenes.forEach((scene, i) => {
    if (scene.image === TEST_PATTERN) {
      inputs.push('-f', 'lavfi', '-i', `testsrc2=size=${canvasWidth}x${canvasHeight}:rate=${schedule.fps}`);
    } else {
      inputs.push('-framerate', String(schedule.fps), '-i', resolveImage(scene.image));
    }
    // A still is letter-boxed once, then repeated by the `loop` filter: 5x less CPU than
    // `-loop 1`, which re-scales the same picture for every frame.
    const still = scene.image === TEST_PATTERN ? '' : 'loop=loop=-1:size=1:start=0,';
    const zoom = `zoompan=z='min(1+${ZOOM_PER_FRAME}*on,${MAX_ZOOM})':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=1:s=${width}x${height}:fps=${schedule.fps}`;
    const background =
      `[${i}:v]scale=${canvasWidth}:${canvasHeight}:force_original_aspect_ratio=decrease,` +
      `pad=${canvasWidth}:${canvasHeight}:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p,${still}${zoom}`;
    const end = `trim=end_frame=${scene.frameCount},setpts=PTS-STARTPTS[v${i}]`;
    if (scene.walkIn === undefined) {
      chains.push(`${background},${end}`);
      return;
    }
    const input = schedule.scenes.length + extraInputs.length / 4;
    extraInputs.push('-framerate', String(schedule.fps), '-i', resolveImage(scene.walkIn.image));
    // Trimmed first, so the overlay's frame number `n` is exactly the scene's frame number.
    chains.push(
      `${background},trim=end_frame=${scene.frameCount},setpts=PTS-STARTPTS[b${i}]`,
      walkInChain(scene.walkIn, input, i, schedule.fps, height),
    );
    chains.push(
      `[b${i}][w${i}]${walkInOverlay(scene.walkIn, scene.startFrame, schedule.fps)},setpts=PTS-STARTPTS[v${i}]`,
    );
  });
  inputs.push(...extraInputs);
  const concatInputs = schedule.scenes.map((_, i) => `[v${i}]`).join('');
  const graph = `${chains.join(';')};${concatInputs}concat=n=${schedule.scenes.length}:v=1:a=0,format=yuv420p[v]`;
  const gop = String(schedule.framesPerGop);
  return [
    '-y',
    '-loglevel',
    'error',
    ...inputs,
    '-filter_complex',
    graph,
    '-map',
    '[v]',
    '-frames:v',
    String(schedule.programFrames),
    '-r',
    String(schedule.fps),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-profile:v',
    'main',
    '-pix_fmt',
    'yuv420p',
    '-g',
    gop,
    '-keyint_min',
    gop,
    '-sc_threshold',
    '0',
    '-flags',
    '+cgop',
    '-movflags',
    '+faststart',
    outPath,
  ];
}

/** The walk-in picture, letter-box free, scaled to its share of the picture height and repeated like a scene's still. */
function walkInChain(
  walkIn: NonNullable<ScheduledScene['walkIn']>,
  input: number,
  i: number,
  fps: number,
  pictureHeight: number,
): string {
  const height = 2 * Math.round((pictureHeight * walkIn.heightFraction) / 2);
  return `[${input}:v]scale=-2:${height},setsar=1,format=yuv420p,loop=loop=-1:size=1:start=0,fps=${fps}[w${i}]`;
}

/**
 * Slides the picture in from the right edge: off-picture before its first frame, then a fixed
 * step per frame until it rests centred at `settledFrame`. The scene's frame number comes from
 * `t`, the scene's own clock after trim + setpts (exact at 30 fps, unlike counting frames).
 */
function walkInOverlay(walkIn: NonNullable<ScheduledScene['walkIn']>, sceneStart: number, fps: number): string {
  const at = walkIn.firstFrame - sceneStart;
  const steps = walkIn.settledFrame - walkIn.firstFrame + 1;
  const frame = `floor(t*${fps}+0.5)`;
  return `overlay=x='if(lt(${frame},${at}),W,W-min(${frame}-${at}+1,${steps})*(W-(W-w)/2)/${steps})':y='(H-h)/2':eval=frame`;
}

/** Check every scene image exists, so a typo fails with the scene's name rather than an ffmpeg dump. */
export async function checkImages(schedule: ProgramSchedule): Promise<void> {
  for (const [i, scene] of schedule.scenes.entries()) {
    for (const image of [scene.image, scene.walkIn?.image]) {
      if (image === undefined || image === TEST_PATTERN) continue;
      const path = resolveImage(image);
      try {
        await access(path);
      } catch (cause) {
        throw new DemoChannelOptionsError(
          `scenes[${i}] (${scene.name}): image not found: ${path}`,
          { input: path },
          { cause },
        );
      }
    }
  }
}

/**
 * The rendered program for `schedule` at `size` inside `cacheDir`, rendered only when no earlier start
 * left one: the file name carries a hash of the ffmpeg arguments, and a render lands under that
 * name only once complete (libs/media `writeAtomically`: temp + rename, temp removed on failure),
 * so a cached file is never half-written.
 */
export async function cachedProgram(
  schedule: ProgramSchedule,
  cacheDir: string,
  signal?: AbortSignal,
  size: PictureSize = DEFAULT_SIZE,
): Promise<string> {
  const id = createHash('sha256')
    .update(JSON.stringify(programArgs(schedule, '', size)))
    .digest('hex')
    .slice(0, 16);
  const path = join(cacheDir, `program-${id}.mp4`);
  try {
    await access(path);
    return path;
  } catch {
    await mkdir(cacheDir, { recursive: true });
    await writeAtomically(path, (partial) => renderProgram(schedule, partial, signal, size));
    return path;
  }
}

/** Render one loop of the program to `outPath` at `size`. */
export async function renderProgram(
  schedule: ProgramSchedule,
  outPath: string,
  signal?: AbortSignal,
  size: PictureSize = DEFAULT_SIZE,
): Promise<void> {
  await checkImages(schedule);
  await runFfmpeg(programArgs(schedule, outPath, size), {
    timeoutMs: RENDER_TIMEOUT_MS,
    signal,
    cleanupOnFailure: [outPath],
  });
}
