/**
 * Progress of a scan: a one-line bar redrawn in place on a terminal (position, ×realtime, clips so
 * far), plain lines at most every few seconds otherwise (logs, CI).
 */
import type { ScanProgress } from './pipeline';

const PLAIN_EVERY_MS = 5000;
const BAR_WIDTH = 24;

export interface ProgressWriter {
  update(p: ScanProgress): void;
  /** Ends the bar line (a terminal) before other output. */
  done(): void;
}

export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

export function progressLine(p: ScanProgress): string {
  const speed = p.wallSeconds > 0 ? p.mediaSeconds / p.wallSeconds : 0;
  const of = p.totalSeconds ? ` / ${clock(p.totalSeconds)}` : '';
  return `${clock(p.mediaSeconds)}${of}  ${speed.toFixed(1)}x realtime  clips=${p.clips}`;
}

export function createProgress(stream: NodeJS.WriteStream): ProgressWriter {
  if (!stream.isTTY) {
    let lastAt = 0;
    return {
      update(p) {
        const now = Date.now();
        if (now - lastAt < PLAIN_EVERY_MS) return;
        lastAt = now;
        stream.write(`scan: ${progressLine(p)}\n`);
      },
      done() {},
    };
  }
  let drawn = false;
  return {
    update(p) {
      const fraction = p.totalSeconds ? Math.min(1, p.mediaSeconds / p.totalSeconds) : 0;
      const filled = Math.round(fraction * BAR_WIDTH);
      const bar = p.totalSeconds
        ? `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${Math.floor(fraction * 100)}% `
        : '';
      stream.write(`\r\x1b[2K${bar}${progressLine(p)}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
