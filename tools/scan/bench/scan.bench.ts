/**
 * `nx run scan:bench`: scans the 10-minute 720p benchmark programme (rendered once, cached under
 * $TMPDIR) with the local detector, exactly as `npm run scan -- <file> --truth <truth>` does, and
 * prints the scan's own measured figures. Last line:
 * `bench scan: seconds=600 realtime=… clips=… recall=… precision=… frame_errors=… rss_mb=… cpu_s_per_media_s=…`
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan } from '../src';
import { reportLines } from '../src/report';
import { benchProgramme } from './programme';

async function main(): Promise<void> {
  const renderStart = performance.now();
  const programme = await benchProgramme();
  console.log(
    `programme: ${programme.path} (${programme.seconds} s; ready in ${((performance.now() - renderStart) / 1000).toFixed(1)} s)`,
  );
  const out = await mkdtemp(join(tmpdir(), 'catfinder-scan-bench-out-'));
  const load = loadavg()[0]!;
  try {
    const outcome = await scan({ input: programme.path, truth: programme.truthPath, outDir: out, detector: 'local' });
    for (const line of reportLines(outcome)) console.log(line);
    const s = outcome.score!;
    const ready = outcome.clips.filter((c) => c.record.status === 'ready').length;
    console.log(
      `load average (1 min) at start ${load.toFixed(1)}, at end ${loadavg()[0]!.toFixed(1)}; wall ${outcome.wallSeconds.toFixed(1)} s, cpu ${outcome.cpuSeconds.toFixed(1)} s`,
    );
    console.log(
      `bench scan: seconds=${Math.round(outcome.mediaSeconds)} realtime=${(outcome.mediaSeconds / outcome.wallSeconds).toFixed(2)} clips=${ready} ` +
        `recall=${round3(s.recall)} precision=${round3(s.precision)} frame_errors=${s.frameErrors} rss_mb=${outcome.peakRssMb} ` +
        `cpu_s_per_media_s=${(outcome.cpuSeconds / outcome.mediaSeconds).toFixed(3)}`,
    );
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

const round3 = (n: number): string => String(Math.round(n * 1000) / 1000);

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
