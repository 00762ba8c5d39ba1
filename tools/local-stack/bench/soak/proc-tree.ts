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

/** RSS (KiB) and CPU ticks of `root` and its descendants. */
export async function processTreeUsage(root: number): Promise<{ rssKb: number; ticks: number }> {
  const rows = await table();
  const members = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of rows) {
      if (!members.has(p.pid) && members.has(p.ppid)) {
        members.add(p.pid);
        grew = true;
      }
    }
  }
  const mine = rows.filter((p) => members.has(p.pid));
  return { rssKb: mine.reduce((s, p) => s + p.rssKb, 0), ticks: mine.reduce((s, p) => s + p.ticks, 0) };
}

/** RSS in MiB of `root` and its descendants. */
export async function treeRssMb(root: number): Promise<number> {
  return (await processTreeUsage(root)).rssKb / 1024;
}
