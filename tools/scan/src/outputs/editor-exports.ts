/**
 * Exports editors use, against the source's timeline: a CMX 3600 EDL (one event per clip; source
 * in/out are the clip's bounds, record in/out lay the clips end to end) and WebVTT chapters (one
 * cue per clip, on the source's clock). Out points are exclusive in both formats: the frame after
 * the clip's last frame.
 */
import type { ScanClip } from '../types';

/** `HH:MM:SS:FF` at a whole-number timebase (non-drop frame). */
export function timecode(frame: number, fps: number): string {
  const base = Math.round(fps);
  const ff = frame % base;
  const totalSeconds = Math.floor(frame / base);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}:${pad(ff)}`;
}

/** `HH:MM:SS.mmm` for WebVTT. */
export function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

const readyInOrder = (clips: readonly ScanClip[]): ScanClip[] =>
  clips
    .filter((c) => c.record.status === 'ready')
    .sort((a, b) => a.firstFrame - b.firstFrame || a.record.label.localeCompare(b.record.label));

export function buildEdl(title: string, clips: readonly ScanClip[]): string {
  const lines = [`TITLE: ${title.replace(/[\r\n]/g, ' ').slice(0, 70)}`, 'FCM: NON-DROP FRAME', ''];
  let record = 0;
  readyInOrder(clips).forEach((clip, i) => {
    const length = clip.lastFrame - clip.firstFrame + 1;
    const fps = clip.frameRate;
    lines.push(
      `${String(i + 1).padStart(3, '0')}  AX       V     C        ${timecode(clip.firstFrame, fps)} ${timecode(clip.lastFrame + 1, fps)} ${timecode(record, fps)} ${timecode(record + length, fps)}`,
      `* FROM CLIP NAME: ${clip.record.id}.mp4`,
      `* COMMENT: ${clip.record.label} ${clip.record.startFrame} - ${clip.record.endFrame}`,
      '',
    );
    record += length;
  });
  return lines.join('\n');
}

export function buildChapters(clips: readonly ScanClip[]): string {
  const cues = readyInOrder(clips).map((clip, i) => {
    const from = clip.firstFrame / clip.frameRate;
    const to = (clip.lastFrame + 1) / clip.frameRate;
    return `${i + 1}\n${vttTime(from)} --> ${vttTime(to)}\n${clip.record.label} ${i + 1} (${clip.lastFrame - clip.firstFrame + 1} frames)\n`;
  });
  return ['WEBVTT', '', ...cues].join('\n');
}
