/** Clips the pipeline reported, checked against the cat scenes the channel really showed. */
import type { DemoChannel, ListedSegment, SceneOccurrence } from '@catfinder/demo-channel';
import type { LogRecord } from './ledger';

export interface ClipSeen {
  readonly id: string;
  readonly label: string;
  readonly status: string;
  readonly startTime?: number;
  readonly frameCount?: number;
  /** A timeline break inside the scene: the clip holds the scene on its side of the break only. */
  readonly cutShortBy?: string;
}

/** Last word on every clip (a clip is logged again when it changes state). */
export function clipsFrom(records: readonly LogRecord[]): ClipSeen[] {
  const byId = new Map<string, ClipSeen>();
  for (const r of records) {
    if (r.message !== 'clip for appearance' || typeof r.extra.clipId !== 'string') continue;
    const bounds = (r.extra.bounds ?? {}) as { startTime?: number; frameCount?: number };
    byId.set(r.extra.clipId, {
      id: r.extra.clipId,
      label: String(r.extra.label ?? ''),
      status: String(r.extra.status ?? ''),
      ...(typeof r.extra.cutShortBy === 'string' ? { cutShortBy: r.extra.cutShortBy } : {}),
      ...(typeof bounds.startTime === 'number' ? { startTime: bounds.startTime } : {}),
      ...(typeof (r.extra.frameCount ?? bounds.frameCount) === 'number'
        ? { frameCount: (r.extra.frameCount ?? bounds.frameCount) as number }
        : {}),
    });
  }
  return [...byId.values()];
}

/**
 * Cat scenes a correct pipeline must clip: every segment they span was in a playlist while the
 * stack ran (and first listed at least `graceMs` before the end), under one epoch (a restart or
 * jump ends a timeline, so a scene across one cannot be one clip), served from the channel's own
 * host (a refused segment cannot be part of a clip), and not skipped by design (`skipped`: the
 * pipeline's start at the live edge records older segments as a `behind-live` gap).
 */
export function expectedCats(
  channel: DemoChannel,
  listed: readonly ListedSegment[],
  window: { readonly fromMs: number; readonly toMs: number; readonly graceMs: number },
  skipped: (s: ListedSegment) => boolean = () => false,
): SceneOccurrence[] {
  const byReal = new Map(listed.map((s) => [s.realSequence, s]));
  return channel.occurrences(window.fromMs - 600_000, window.toMs, 'cat').filter((o) => {
    const span: ListedSegment[] = [];
    for (let real = o.firstSegment.mediaSequence; real <= o.lastSegment.mediaSequence; real++) {
      const s = byReal.get(real);
      if (s === undefined) return false;
      span.push(s);
    }
    return (
      span[0]!.lastListedMs >= window.fromMs &&
      span.at(-1)!.firstListedMs <= window.toMs - window.graceMs &&
      span.every((s) => s.epoch === span[0]!.epoch && !s.uri.startsWith('http') && !skipped(s))
    );
  });
}

/** Whether `clip` is exactly scene `o`: its first frame (to half a frame) and its frame count. */
export function matchesScene(clip: ClipSeen, o: SceneOccurrence, fps: number): boolean {
  return (
    clip.startTime !== undefined &&
    Math.abs(clip.startTime - o.startMs) < 500 / fps &&
    clip.frameCount === o.lastFrame - o.firstFrame + 1
  );
}

/**
 * Whether cut-short `clip` shows only scene `o`: it starts at one of the scene's frames (the
 * nearest, as `matchesScene` allows half a frame) and ends inside it. Which frame the break came at is the pipeline's to know, not the soak's.
 */
export function insideScene(clip: ClipSeen, o: SceneOccurrence, fps: number): boolean {
  if (clip.startTime === undefined || clip.frameCount === undefined || clip.frameCount < 1) return false;
  const frames = o.lastFrame - o.firstFrame + 1;
  const offset = Math.round(((clip.startTime - o.startMs) * fps) / 1000);
  return offset >= 0 && offset + clip.frameCount <= frames;
}

/**
 * Ready Cat clips that are wrong: a whole clip that is not exactly one cat scene, or a cut-short
 * clip (`cutShortBy`) that is not inside one.
 */
export function frameErrors(clips: readonly ClipSeen[], cats: readonly SceneOccurrence[], fps: number): ClipSeen[] {
  return clips.filter((c) =>
    c.cutShortBy === undefined ? !cats.some((o) => matchesScene(c, o, fps)) : !cats.some((o) => insideScene(c, o, fps)),
  );
}

/**
 * Whether `clip` is exactly a cat scene whose last segment was first listed after `cutoffMs` (the
 * last GRACE_MS of the run): judged like `segments` and `expected_clips`, such a clip is listed
 * apart and not counted.
 */
export function lateScene(
  clip: ClipSeen,
  cats: readonly SceneOccurrence[],
  listed: readonly ListedSegment[],
  cutoffMs: number,
  fps: number,
): boolean {
  const scene = cats.find((o) => matchesScene(clip, o, fps));
  if (scene === undefined) return false;
  const last = listed.filter((s) => s.realSequence === scene.lastSegment.mediaSequence);
  return last.length > 0 && last.every((s) => s.firstListedMs > cutoffMs);
}
