/**
 * `scan <input>`: picks the source for the input (a local file or an http(s) playlist URL), runs
 * the pipeline and, with a truth file, scores the clips.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Detector, DetectorKind } from './apps';
import { runScan, type ScanProgress } from './pipeline';
import { checkInputScheme, isPlaylistUrl } from './input-kind';
import { channelFor, defaultOutDir, readScanSettings } from './settings';
import { openFileSource } from './sources/file-source';
import { openPlaylistSource } from './sources/playlist-source';
import { readTruth, scoreClips, type ScanScore } from './truth';
import type { PartSource, ScanSummary } from './types';

export interface ScanRequest {
  /** A media file path or an http(s) HLS playlist URL. */
  readonly input: string;
  /** `LABELS` items (`Cat`, `Cat:60:1:1`, …). @default parse's default (`Cat`) */
  readonly labels?: readonly string[];
  /** @default 'local' (a scan is usually offline) */
  readonly detector?: DetectorKind;
  /** @default `scan-<name>/` in `cwd` */
  readonly outDir?: string;
  /** Where the default output folder goes (the user's folder under `npm run`). @default process.cwd() */
  readonly cwd?: string;
  /** Truth file to score against. */
  readonly truth?: string;
  /** Target part length a file is split into, seconds. @default 4 */
  readonly partSeconds?: number;
  /** Replaces the detector (tests wrap it). */
  readonly detectorFactory?: () => Promise<Detector>;
  readonly onProgress?: (p: ScanProgress) => void;
  readonly signal?: AbortSignal;
}

export type ScanOutcome = ScanSummary & { readonly problems: readonly string[]; readonly score?: ScanScore };

export { isPlaylistUrl };

export async function scan(request: ScanRequest): Promise<ScanOutcome> {
  checkInputScheme(request.input);
  const channel = channelFor(request.input);
  const settings = readScanSettings({ channel, labels: request.labels ?? [], detector: request.detector ?? 'local' });
  // Read the truth first: a bad truth file fails before minutes of scanning.
  const truth = request.truth ? await readTruth(request.truth) : undefined;
  const outDir = resolve(request.cwd ?? process.cwd(), request.outDir ?? defaultOutDir(request.input));
  const partsDir = await mkdtemp(join(tmpdir(), `catfinder-scan-parts-`));
  try {
    const source: PartSource = isPlaylistUrl(request.input)
      ? await openPlaylistSource(request.input, { workDir: partsDir })
      : await openFileSource(request.input, {
          workDir: partsDir,
          ...(request.partSeconds ? { partSeconds: request.partSeconds } : {}),
        });
    // runScan creates the output folder: only once the input is accepted, so a bad input leaves
    // no empty folder behind.
    const summary = await runScan({
      source,
      settings,
      outDir,
      outDirName: request.outDir === undefined ? 'output folder' : '--out',
      ...(request.detectorFactory ? { detector: request.detectorFactory } : {}),
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    const ready = summary.clips.filter((c) => c.record.status === 'ready');
    const score = truth
      ? scoreClips(
          truth,
          ready.map((c) => ({
            label: c.record.label,
            firstFrame: c.firstFrame,
            lastFrame: c.lastFrame,
            frameRate: c.frameRate,
          })),
        )
      : undefined;
    return { ...summary, ...(score ? { score } : {}) };
  } finally {
    await rm(partsDir, { recursive: true, force: true });
  }
}

/** The closing line: `scan: frames=… realtime=… clips=… [recall=… precision=… frame_errors=…]`. */
export function summaryLine(outcome: ScanOutcome): string {
  const ready = outcome.clips.filter((c) => c.record.status === 'ready').length;
  const realtime = outcome.wallSeconds > 0 ? outcome.mediaSeconds / outcome.wallSeconds : 0;
  const base = `scan: frames=${outcome.frames} realtime=${realtime.toFixed(2)} clips=${ready}`;
  if (!outcome.score) return base;
  const s = outcome.score;
  return `${base} recall=${round3(s.recall)} precision=${round3(s.precision)} frame_errors=${s.frameErrors}`;
}

const round3 = (n: number): string => String(Math.round(n * 1000) / 1000);
