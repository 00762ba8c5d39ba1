/**
 * Frame labels `YYYY-MM-DD HH:MM:SS;FF` (UTC; FF = frame number within the second), as the
 * original Delta API showed them and as CONTRACTS.md defines them. The one implementation:
 * parse writes them into frames, labels and appearances; delta and prekog into clips.
 */

/**
 * Label of the frame at `timeMs` for a stream of `frameRate` fps. Absolute times are whole
 * milliseconds, usually truncated, so a frame at 66.67 ms arrives as 66 ms: one millisecond of
 * tolerance keeps it frame 2 rather than frame 1.
 */
export function frameLabel(timeMs: number, frameRate: number): string {
  const date = new Date(timeMs);
  const ff = Math.min(Math.ceil(frameRate) - 1, Math.floor(((date.getUTCMilliseconds() + 1) * frameRate) / 1000));
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())};${pad(ff)}`
  );
}
