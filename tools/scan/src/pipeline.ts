/**
 * One scan: parts from a source → analysis (libs/media, one part ahead) → detection
 * (libs/vision, via parse's detector wiring) → parse's appearance rules → prekog's clip bounds and
 * libs/delta's frame-accurate clipper, in the background → feeds, EDL and chapters in `outDir`.
 * No pacing: each stage runs as fast as it can; parts are deleted once no clip can need them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuiltinClipper } from '@catfinder/delta';
import { detectorLoader, type Detector } from './apps';
import { analyseParts } from './analyse-parts';
import { cpuSeconds, peakRssMb } from './cpu';
import { ScanMemoryStore } from './memory-store';
import { prepareOutDir } from './out-dir';
import { buildChapters, buildEdl } from './outputs/editor-exports';
import { readAhead } from './read-ahead';
import { ScanRun } from './scan-run';
import type { ScanSettings } from './settings';
import type { PartSource, ScanSummary } from './types';

export interface ScanProgress {
  readonly mediaSeconds: number;
  readonly totalSeconds?: number;
  readonly wallSeconds: number;
  readonly clips: number;
  readonly parts: number;
}

export interface RunScanOptions {
  readonly source: PartSource;
  readonly settings: ScanSettings;
  /** Output folder: checked and created (missing levels) before anything else runs. */
  readonly outDir: string;
  /**
   * How an error names `outDir`: `--out` for a folder the user gave, `output folder` for a default.
   * @default 'output folder'
   */
  readonly outDirName?: '--out' | 'output folder';
  /** Parent of the scan's work folder (parts, samples). @default os.tmpdir() */
  readonly workRoot?: string;
  /** @default parse's detector wiring for `settings.detector` */
  readonly detector?: () => Promise<Detector>;
  /** Analysed parts allowed to wait for detection. @default 2 */
  readonly readAhead?: number;
  readonly onProgress?: (progress: ScanProgress) => void;
  readonly signal?: AbortSignal;
}

/** Output file names inside `outDir` (besides the store's `feeds/`, `clips/`, `samples/`). */
export const OUTPUT_FILES = { edl: 'clips.edl', chapters: 'chapters.vtt', report: 'scan.json' } as const;

export async function runScan(options: RunScanOptions): Promise<ScanSummary & { problems: readonly string[] }> {
  const started = performance.now();
  const cpuStart = cpuSeconds();
  const { settings, source } = options;
  const channel = settings.channelId;
  await prepareOutDir(options.outDir, options.outDirName ?? 'output folder');
  const workDir = await mkdtemp(join(options.workRoot ?? tmpdir(), `catfinder-scan-${channel}-`));
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const store = new ScanMemoryStore(channel, options.outDir);
  const clipper = new BuiltinClipper({ store, maxClipSeconds: settings.maxClipSeconds, workDir });
  const run = new ScanRun({
    settings,
    store,
    clipper,
    detector: options.detector ?? detectorLoader(settings),
    started,
    ...(source.totalSeconds === undefined ? {} : { totalSeconds: source.totalSeconds }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const { book, queue } = run;
  try {
    const analysed = analyseParts(source, settings, workDir, signal);
    for await (const item of readAhead(analysed, options.readAhead ?? 2)) {
      if (item.kind === 'part') await run.handlePart(item);
      else run.handleDamage(item.range, item.skippedSequence);
    }
    await run.finish();
  } finally {
    controller.abort();
    await queue.drain();
    await rm(workDir, { recursive: true, force: true });
  }
  const summary: ScanSummary & { problems: readonly string[] } = {
    input: source.input,
    outDir: options.outDir,
    channel,
    ...run.counts(),
    wallSeconds: (performance.now() - started) / 1000,
    cpuSeconds: cpuSeconds() - cpuStart,
    clips: queue.clips,
    damaged: [...source.damage(), ...run.damaged],
    peakRssMb: peakRssMb(),
    problems: queue.problems,
  };
  const now = new Date();
  await writeOutputs(summary, store, [...book.feeds(now), ...run.allLabels.outputs(now)]);
  return summary;
}

async function writeOutputs(
  summary: ScanSummary & { problems: readonly string[] },
  store: ScanMemoryStore,
  objects: readonly [key: string, body: string | Uint8Array][],
): Promise<void> {
  await store.refreshClipsFeed();
  for (const [key, body] of objects) await store.putObject(key, body);
  await writeFile(
    join(summary.outDir, OUTPUT_FILES.edl),
    buildEdl(`CatFinder scan of ${summary.input}`, summary.clips),
  );
  await writeFile(join(summary.outDir, OUTPUT_FILES.chapters), buildChapters(summary.clips));
  const report = {
    ...summary,
    clips: summary.clips.map((c) => ({
      id: c.record.id,
      label: c.record.label,
      status: c.record.status,
      firstFrame: c.firstFrame,
      lastFrame: c.lastFrame,
      frameRate: c.frameRate,
      mp4: c.record.mp4Url,
      reason: c.record.reason,
    })),
  };
  await writeFile(join(summary.outDir, OUTPUT_FILES.report), JSON.stringify(report, null, 1));
}
