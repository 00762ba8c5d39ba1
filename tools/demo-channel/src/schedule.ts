import { FPS } from './constants';
import { DemoChannelOptionsError } from './errors';
import type { ProgramSchedule, SceneOccurrence, SceneSpec, ScheduledScene } from './types';

/**
 * Lay the scenes out in frames. Each scene gets `round(seconds * fps)` frames; the last scene is
 * lengthened so one loop is a whole number of segments — otherwise the loop point would force a
 * short segment and every later segment boundary (and time) would drift.
 */
export function buildSchedule(
  scenes: readonly SceneSpec[],
  segmentSeconds: number,
  fps = FPS,
  gopSeconds = segmentSeconds,
): ProgramSchedule {
  const framesPerSegment = segmentSeconds * fps;
  if (
    !Number.isFinite(segmentSeconds) ||
    segmentSeconds <= 0 ||
    !Number.isInteger(Math.round(framesPerSegment * 1e6) / 1e6)
  ) {
    throw new DemoChannelOptionsError(
      `segmentSeconds must be a positive number of whole frames at ${fps} fps, got ${segmentSeconds}`,
      { input: 'segmentSeconds' },
    );
  }
  if (scenes.length === 0) throw new DemoChannelOptionsError('scenes must not be empty', { input: 'scenes' });
  const frameCounts = scenes.map((scene, i) => {
    if (!scene.name) throw new DemoChannelOptionsError(`scenes[${i}].name is empty`, { input: `scenes[${i}].name` });
    if (!scene.image) throw new DemoChannelOptionsError(`scenes[${i}].image is empty`, { input: `scenes[${i}].image` });
    const frames = Math.round(scene.seconds * fps);
    if (!Number.isFinite(scene.seconds) || frames < 1) {
      throw new DemoChannelOptionsError(
        `scenes[${i}].seconds (scene "${scene.name}") must be at least one frame (1/${fps} s), got ${scene.seconds}`,
        { input: `scenes[${i}].seconds` },
      );
    }
    return frames;
  });
  const perSegment = Math.round(framesPerSegment);
  const perGop = checkGop(gopSeconds, fps, perSegment);
  const total = frameCounts.reduce((a, b) => a + b, 0);
  const padded = Math.ceil(total / perSegment) * perSegment;
  frameCounts[frameCounts.length - 1]! += padded - total;

  let start = 0;
  const laidOut: ScheduledScene[] = scenes.map((scene, i) => {
    const frameCount = frameCounts[i]!;
    const entry: ScheduledScene = {
      name: scene.name,
      image: scene.image,
      startFrame: start,
      frameCount,
      startSeconds: start / fps,
      durationSeconds: frameCount / fps,
      ...(scene.walkIn === undefined ? {} : { walkIn: layOutWalkIn(scene, i, start, frameCount, fps) }),
    };
    start += frameCount;
    return entry;
  });
  return {
    fps,
    segmentSeconds,
    framesPerSegment: perSegment,
    framesPerGop: perGop,
    programFrames: padded,
    programSegments: padded / perSegment,
    scenes: laidOut,
  };
}

/**
 * Frames per GOP: whole frames, and a whole number of GOPs per segment (the live muxer cuts
 * segments on keyframes, so every segment stays exactly `segmentSeconds`).
 */
function checkGop(gopSeconds: number, fps: number, perSegment: number): number {
  const frames = Math.round(gopSeconds * fps);
  if (
    !Number.isFinite(gopSeconds) ||
    frames < 1 ||
    Math.abs(frames - gopSeconds * fps) > 1e-6 ||
    perSegment % frames !== 0
  )
    throw new DemoChannelOptionsError(
      `gopSeconds must be whole frames at ${fps} fps that divide the ${perSegment / fps} s segment evenly, got ${gopSeconds}`,
      { input: 'gopSeconds' },
    );
  return frames;
}

/** The walk-in of scene `i` in program frames; it must enter and settle inside its scene. */
function layOutWalkIn(
  scene: SceneSpec,
  i: number,
  start: number,
  frameCount: number,
  fps: number,
): NonNullable<ScheduledScene['walkIn']> {
  const w = scene.walkIn!;
  const at = Math.round(w.atSeconds * fps);
  const slide = Math.max(1, Math.round((w.slideSeconds ?? 1) * fps));
  const heightFraction = w.heightFraction ?? 0.8;
  if (!w.name || !w.image)
    throw new DemoChannelOptionsError(`scenes[${i}].walkIn needs a name and an image`, {
      input: `scenes[${i}].walkIn`,
    });
  if (!Number.isFinite(at) || at < 1 || at + slide > frameCount) {
    throw new DemoChannelOptionsError(
      `scenes[${i}].walkIn (${w.name}) must enter after the scene's first frame and settle before its end (${frameCount} frames), got atSeconds ${w.atSeconds}, slideSeconds ${w.slideSeconds ?? 1}`,
      { input: `scenes[${i}].walkIn` },
    );
  }
  if (!(heightFraction > 0 && heightFraction <= 1))
    throw new DemoChannelOptionsError(`scenes[${i}].walkIn.heightFraction must be in (0, 1]`, {
      input: `scenes[${i}].walkIn.heightFraction`,
    });
  return { name: w.name, image: w.image, firstFrame: start + at, settledFrame: start + at + slide - 1, heightFraction };
}

/** Absolute time (epoch ms) of absolute frame `frame`, frame 0 being the first frame of sequence 0. */
export function frameTime(schedule: ProgramSchedule, programStartMs: number, frame: number): number {
  return programStartMs + (frame * 1000) / schedule.fps;
}

/** Scene occurrences (optionally of one scene name) overlapping [fromMs, toMs) on the live timeline. */
export function sceneOccurrences(
  schedule: ProgramSchedule,
  programStartMs: number,
  fromMs: number,
  toMs: number,
  name?: string,
): SceneOccurrence[] {
  const msPerFrame = 1000 / schedule.fps;
  const fromFrame = Math.max(0, Math.floor((fromMs - programStartMs) / msPerFrame));
  const toFrame = Math.ceil((toMs - programStartMs) / msPerFrame); // exclusive
  const result: SceneOccurrence[] = [];
  if (toFrame <= fromFrame) return result;
  const firstLoop = Math.floor(fromFrame / schedule.programFrames);
  const lastLoop = Math.floor((toFrame - 1) / schedule.programFrames);
  for (let loop = firstLoop; loop <= lastLoop; loop++) {
    for (const scene of schedule.scenes) {
      if (name !== undefined && scene.name !== name) continue;
      const firstFrame = loop * schedule.programFrames + scene.startFrame;
      const lastFrame = firstFrame + scene.frameCount - 1;
      if (lastFrame < fromFrame || firstFrame >= toFrame) continue;
      result.push({
        name: scene.name,
        loop,
        firstFrame,
        lastFrame,
        startMs: frameTime(schedule, programStartMs, firstFrame),
        lastFrameMs: frameTime(schedule, programStartMs, lastFrame),
        firstSegment: locate(schedule, firstFrame),
        lastSegment: locate(schedule, lastFrame),
      });
    }
  }
  return result;
}

function locate(schedule: ProgramSchedule, frame: number): { mediaSequence: number; index: number } {
  return { mediaSequence: Math.floor(frame / schedule.framesPerSegment), index: frame % schedule.framesPerSegment };
}

/**
 * When `name` is visible on the live timeline within [fromMs, toMs): every scene named `name`
 * (as {@link sceneOccurrences}) plus every walk-in named `name`, from its first visible frame to
 * the end of its scene. Sorted by first frame.
 */
export function visibleIntervals(
  schedule: ProgramSchedule,
  programStartMs: number,
  fromMs: number,
  toMs: number,
  name: string,
): SceneOccurrence[] {
  const scenes = sceneOccurrences(schedule, programStartMs, fromMs, toMs, name);
  const walkIns = sceneOccurrences(schedule, programStartMs, fromMs, toMs)
    .map((o) => {
      const scene = schedule.scenes.find(
        (s) => s.name === o.name && o.firstFrame % schedule.programFrames === s.startFrame,
      );
      if (scene?.walkIn?.name !== name) return undefined;
      const firstFrame = o.firstFrame + (scene.walkIn.firstFrame - scene.startFrame);
      return {
        ...o,
        name,
        firstFrame,
        startMs: frameTime(schedule, programStartMs, firstFrame),
        firstSegment: locate(schedule, firstFrame),
      };
    })
    .filter((o): o is SceneOccurrence => o !== undefined && o.startMs < toMs);
  return [...scenes, ...walkIns].sort((a, b) => a.firstFrame - b.firstFrame);
}
