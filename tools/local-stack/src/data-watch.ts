/**
 * Watches the data folder while the stack runs. A removed folder (or its lock, or a stand-in's
 * sub-folder) would otherwise give `NoSuchBucket` on every segment forever: it is fatal, with one
 * message. Free space below a threshold is reported once (and again after it recovered), so a
 * full disk's store errors come with their cause.
 */
import { existsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { LocalStackError } from './errors';

export interface DataWatchOptions {
  readonly dataDir: string;
  /** Paths that must keep existing (the lock file, the stand-ins' folders). */
  readonly required: readonly string[];
  readonly report: (line: string) => void;
  readonly fatal: (error: LocalStackError) => void;
  /** @default 2000 */
  readonly everyMs?: number;
  /** Free bytes below which a warning is printed. @default 200 MiB */
  readonly minFreeBytes?: number;
}

export interface DataWatch {
  /** `the disk of … has N MiB free` while below the threshold, else undefined. */
  lowDisk(): string | undefined;
  stop(): void;
}

const MIB = 1024 * 1024;

export function watchDataDir(options: DataWatchOptions): DataWatch {
  const minFree = options.minFreeBytes ?? 200 * MIB;
  let low: string | undefined;
  let done = false;
  const check = async (): Promise<void> => {
    const missing = options.required.filter((path) => !existsSync(path));
    if (missing.length > 0) {
      done = true;
      clearInterval(timer);
      options.fatal(
        new LocalStackError(
          `data folder ${options.dataDir} was removed or emptied while the stack was running (${missing.join(', ')} missing); stopping — start again to begin with a fresh data folder`,
        ),
      );
      return;
    }
    const fs = await statfs(options.dataDir).catch(() => undefined);
    if (fs === undefined || done) return;
    const free = fs.bavail * fs.bsize;
    const text = `the disk of ${options.dataDir} has ${(free / MIB).toFixed(0)} MiB free`;
    if (free < minFree && low === undefined)
      options.report(`error [stack] ${text}: almost full; stores will fail until space is freed`);
    else if (free >= minFree && low !== undefined) options.report(`warn [stack] ${text} again`);
    low = free < minFree ? text : undefined;
  };
  const timer = setInterval(() => void check(), options.everyMs ?? 2000);
  timer.unref();
  void check();
  return {
    lowDisk: () => low,
    stop: () => {
      done = true;
      clearInterval(timer);
    },
  };
}
