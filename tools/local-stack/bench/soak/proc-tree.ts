/** Summed RSS and CPU ticks of a process and all its descendants, read from /proc (Linux). */
import { readFile, readdir } from 'node:fs/promises';

interface Row {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime + cutime + cstime: includes children that already exited (ffmpeg runs). */
  readonly ticks: number;
  readonly rssKb: number;
}

async function table(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const status = await readFile(`/proc/${entry}/status`, 'utf8');
      const rss = /VmRSS:\s+(\d+)/.exec(status);
      rows.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
        rssKb: rss ? Number(rss[1]) : 0,
      });
    } catch {
      // the process ended while we looked
    }
  }
  return rows;
}

/** `roots` and their descendants, leaving out the subtrees of `excluded`. */
function members(rows: readonly Row[], roots: readonly number[], excluded: readonly number[] = []): Row[] {
  const out = new Set(excluded);
  const inside = new Set(roots.filter((pid) => !out.has(pid)));
  for (let grew = true; grew;) {
    grew = false;
    for (const p of rows) {
      if (!inside.has(p.pid) && !out.has(p.pid) && inside.has(p.ppid)) {
        inside.add(p.pid);
        grew = true;
      }
    }
  }
  return rows.filter((p) => inside.has(p.pid));
}

/** RSS (KiB) and CPU ticks of `root` and its descendants. */
export async function processTreeUsage(root: number): Promise<{ rssKb: number; ticks: number }> {
  const mine = members(await table(), [root]);
  return { rssKb: mine.reduce((s, p) => s + p.rssKb, 0), ticks: mine.reduce((s, p) => s + p.ticks, 0) };
}

/**
 * RSS in MiB of `root`'s tree split in two: the subtrees of `apart` (e.g. the stand-ins) and the
 * rest — one /proc read, so the two add up to the whole tree at one moment.
 */
export async function splitTreeRssMb(root: number, apart: readonly number[]): Promise<{ rest: number; apart: number }> {
  const rows = await table();
  const mb = (list: readonly Row[]): number => list.reduce((s, p) => s + p.rssKb, 0) / 1024;
  return { rest: mb(members(rows, [root], apart)), apart: mb(members(rows, apart)) };
}
