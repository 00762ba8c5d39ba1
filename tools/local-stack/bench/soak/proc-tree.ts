/** Summed RSS of a process and all its descendants, read from /proc (Linux). */
import { readFile, readdir } from 'node:fs/promises';

interface Row {
  readonly pid: number;
  readonly ppid: number;
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
      rows.push({ pid: Number(entry), ppid: Number(fields[1]), rssKb: rss ? Number(rss[1]) : 0 });
    } catch {
      // the process ended while we looked
    }
  }
  return rows;
}

/** RSS in MiB of `root` and its descendants. */
export async function treeRssMb(root: number): Promise<number> {
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
  return rows.filter((p) => members.has(p.pid)).reduce((s, p) => s + p.rssKb, 0) / 1024;
}
