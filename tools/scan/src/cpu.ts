/**
 * CPU seconds of this process AND its finished children (ffmpeg does most of a scan's work), from
 * /proc/self/stat on Linux (utime + stime + cutime + cstime); elsewhere Node's own CPU only.
 */
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

export function cpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the parenthesised command name; utime is field 14 (index 11 here).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
    if (Number.isFinite(ticks)) return ticks / TICKS_PER_SECOND;
  } catch {
    // not Linux: fall through
  }
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Peak resident set of this process (workers included), MB. */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
