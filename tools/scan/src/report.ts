/** The lines `npm run scan` prints for a finished scan (the benchmark prints the same). */
import { summaryLine, type ScanOutcome } from './scan';
import { formatScore } from './truth';

export function reportLines(outcome: ScanOutcome): string[] {
  const lines: string[] = [];
  for (const c of outcome.clips)
    lines.push(
      `clip ${c.record.label} ${c.firstFrame}-${c.lastFrame} ${c.record.status}${c.record.mp4Url ? ` ${c.record.mp4Url}` : ''}${c.record.reason ? ` (${c.record.reason})` : ''}`,
    );
  for (const d of outcome.damaged)
    lines.push(`damaged ${d.fromSeconds.toFixed(2)}-${d.toSeconds.toFixed(2)} s: ${d.reason}`);
  for (const p of outcome.problems) lines.push(`problem: ${p}`);
  lines.push(`output: ${outcome.outDir}`);
  lines.push(
    `work: ${outcome.parts} parts, ${outcome.samples} samples, ${outcome.detectorCalls} detector calls (${outcome.detectorErrors} failed); stage wall time: analysis ${outcome.analyseSeconds.toFixed(1)} s, detection ${outcome.detectSeconds.toFixed(1)} s (overlapping); at most ${outcome.peakPartsHeld} parts held`,
  );
  lines.push(
    `cpu: ${outcome.cpuSeconds.toFixed(1)} s (${(outcome.cpuSeconds / Math.max(outcome.mediaSeconds, 1e-9)).toFixed(3)} cpu-s per media-s), peak rss ${outcome.peakRssMb} MB`,
  );
  if (outcome.score) lines.push(...formatScore(outcome.score));
  lines.push(summaryLine(outcome));
  return lines;
}
