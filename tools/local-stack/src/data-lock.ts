/**
 * One stack per data folder: two stand-ins writing one LevelDB / one bucket folder corrupt each
 * other, and the second one's failure used to be a raw ECONNREFUSED stack. The lock is a file
 * `<dataDir>/stack.lock` with the owner's pid, created exclusively; a lock whose process is gone
 * (a killed stack) is stale and taken over.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LocalStackError } from './errors';

export const LOCK_FILE = 'stack.lock';

/** Lock files held by stacks of this process (two stacks in one process are a conflict too). */
const heldHere = new Set<string>();

interface LockContent {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

export interface DataLock {
  readonly path: string;
  /** Set when an earlier stack's lock was left behind and taken over. */
  readonly staleFrom?: LockContent;
  release(): Promise<void>;
}

/** Whether `pid` is a live process on this machine (EPERM: alive, someone else's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(path: string): Promise<LockContent | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockContent>;
    return typeof parsed.pid === 'number'
      ? { pid: parsed.pid, host: String(parsed.host), startedAt: String(parsed.startedAt) }
      : undefined;
  } catch {
    return undefined; // unreadable or half-written: treated as stale
  }
}

/** A lock is live when its process runs (another host's cannot be checked, so it counts as live). */
function inUse(holder: LockContent, path: string): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return heldHere.has(path);
  return processAlive(holder.pid);
}

function lockedError(dataDir: string, path: string, holder: LockContent): LocalStackError {
  const who =
    holder.host === hostname()
      ? `pid ${holder.pid}`
      : `pid ${holder.pid} on ${holder.host}; remove ${path} if that stack is gone`;
  return new LocalStackError(
    `data folder ${dataDir} is in use by another CatFinder stack (${who}, started ${holder.startedAt}); stop that one or pass --data-dir <other folder>`,
  );
}

/**
 * Throws the same error as {@link lockDataDir} when a live stack holds `dataDir`, changing nothing:
 * run before the port check, so a second stack on one folder is named as such, not as a port in use.
 */
export async function checkNotLocked(dataDir: string): Promise<void> {
  const path = join(dataDir, LOCK_FILE);
  const holder = await readLock(path);
  if (holder !== undefined && inUse(holder, path)) throw lockedError(dataDir, path, holder);
}

/** Takes the lock of `dataDir` or throws one LocalStackError naming the process that holds it. */
export async function lockDataDir(dataDir: string): Promise<DataLock> {
  const path = join(dataDir, LOCK_FILE);
  const mine: LockContent = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  let staleFrom: LockContent | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(JSON.stringify(mine));
      await handle.close();
      heldHere.add(path);
      const release = async (): Promise<void> => {
        if (!heldHere.delete(path)) return;
        const current = await readLock(path);
        if (current?.pid === process.pid) await rm(path, { force: true });
      };
      return { path, ...(staleFrom === undefined ? {} : { staleFrom }), release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readLock(path);
    if (holder !== undefined && inUse(holder, path)) throw lockedError(dataDir, path, holder);
    staleFrom = holder;
    await rm(path, { force: true });
  }
  throw new LocalStackError(`could not lock data folder ${dataDir} (${path} keeps reappearing)`);
}
