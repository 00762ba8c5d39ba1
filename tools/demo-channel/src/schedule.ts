import { FPS } from './constants';
import { DemoChannelOptionsError } from './errors';
import type { ProgramSchedule, SceneOccurrence, SceneSpec, ScheduledScene } from './types';

/**
 * Lay the scenes out in frames. Each scene gets `round(seconds * fps)` frames; the last scene is
 * lengthened so one loop is a whole number of segments — otherwise the loop point would force a
 * short segment and every later segment boundary (and time) would drift.
 */
export function buildSchedule(scenes: readonly SceneSpec[], segmentSeconds: number, fps = FPS): ProgramSchedule {
  const framesPerSegment = segmentSeconds * fps;
  if (!Number.isFinite(segmentSeconds) || segmentSeconds <= 0 || !Number.isInteger(Math.round(framesPerSegment * 1e6) / 1e6)) {
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
    };
    start += frameCount;
    return entry;
  });
  return {
    fps,
    segmentSeconds,
    framesPerSegment: perSegment,
    programFrames: padded,
    programSegments: padded / perSegment,
    scenes: laidOut,
  };
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
