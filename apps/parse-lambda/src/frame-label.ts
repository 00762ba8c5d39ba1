/**
 * Frame label `YYYY-MM-DD HH:MM:SS;FF` (UTC; FF = frame within the second), CONTRACTS.md's rule,
 * the same arithmetic as libs/delta's `frameLabel` (kept here so the parse bundle does not pull
 * in the clipper). Times arrive as whole (floored) milliseconds, so one millisecond of tolerance
 * keeps the frame at 66.67 ms frame 2, not 1.
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
