/**
 * The scan's pipeline settings come from parse-lambda's own config reader, so labels use exactly
 * the `LABELS` syntax and every default and limit (cut threshold, sample interval, analysis
 * width, exit samples, maximum clip length, detector concurrency) has one owner. The tunables are
 * read from the same environment variables as parse (`CUT_THRESHOLD`, `SAMPLE_INTERVAL`, …);
 * the AWS-only ones get placeholders a scan never uses.
 */
import { ConfigError, readParseConfig, type DetectorKind, type ParseConfig } from './apps';
import { TABLE_LIST, validateChannel } from '@catfinder/store';
import { ScanUsageError } from './errors';

/** What the scan pipeline reads from parse's config. */
export type ScanSettings = Pick<
  ParseConfig,
  | 'channelId'
  | 'triggers'
  | 'detector'
  | 'cutThreshold'
  | 'sampleIntervalSeconds'
  | 'analysisMaxWidth'
  | 'exitSamples'
  | 'maxClipSeconds'
  | 'detectConcurrency'
  | 'localDetectorThreads'
>;

/** Variables of parse's config a scan honours (the rest are about AWS). */
export const TUNABLE_VARIABLES = [
  'CUT_THRESHOLD',
  'SAMPLE_INTERVAL',
  'ANALYSIS_MAX_WIDTH',
  'EXIT_SAMPLES',
  'MAX_CLIP_SECONDS',
  'DETECT_CONCURRENCY',
  'LOCAL_DETECTOR_THREADS',
] as const;

/** Where parse's options name a variable, the scan names its flag. */
const FLAG_OF: Readonly<Record<string, string>> = { LABELS: '--label', DETECTOR: '--detector' };

export function readScanSettings(
  args: { channel: string; labels: readonly string[]; detector: DetectorKind },
  env: NodeJS.ProcessEnv = process.env,
): ScanSettings {
  const synthetic: Record<string, string | undefined> = {
    CHANNEL_ID: args.channel,
    HLS_URL: 'http://127.0.0.1/scan.m3u8',
    S3_BUCKET: 'catfinder-scan',
    PREKOG_FUNCTION_NAME: 'catfinder-scan',
    DETECTOR: args.detector,
    ...(args.labels.length > 0 ? { LABELS: args.labels.join(',') } : {}),
  };
  for (const t of TABLE_LIST) synthetic[t.envVar] = `scan-${t.logicalName}`;
  for (const name of TUNABLE_VARIABLES) if (env[name] !== undefined) synthetic[name] = env[name];
  try {
    const c = readParseConfig(synthetic);
    return {
      channelId: c.channelId,
      triggers: c.triggers,
      detector: c.detector,
      cutThreshold: c.cutThreshold,
      sampleIntervalSeconds: c.sampleIntervalSeconds,
      analysisMaxWidth: c.analysisMaxWidth,
      exitSamples: c.exitSamples,
      maxClipSeconds: c.maxClipSeconds,
      detectConcurrency: c.detectConcurrency,
      ...(c.localDetectorThreads === undefined ? {} : { localDetectorThreads: c.localDetectorThreads }),
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const lines = error.problems.map((p) => `  ${FLAG_OF[p.variable] ?? p.variable}: ${p.message}`);
    throw new ScanUsageError(`scan: invalid options:\n${lines.join('\n')}`, { cause: error });
  }
}

/** A channel id (libs/store's id rule) from the input's name: `clips/<channel>/…` in the output. */
export function channelFor(input: string): string {
  let name = input;
  if (/^https?:\/\//i.test(input)) {
    const url = new URL(input);
    const parts = url.pathname.split('/').filter(Boolean);
    const last = parts.at(-1)?.replace(/\.m3u8$/i, '');
    name = last && !/^(index|playlist|master|media|prog_index)$/i.test(last) ? last : (parts.at(-2) ?? url.hostname);
  } else {
    name = (input.split(/[\\/]/).at(-1) ?? input).replace(/\.[^.]+$/, '');
  }
  const id =
    name
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 64) || 'scan';
  return validateChannel(id);
}

/**
 * The default output folder's name, `scan-<channel>`: relative, so created where the command runs
 * (the root .gitignore's `scan-*` pattern keeps it out of git status inside the repository).
 */
export function defaultOutDir(input: string): string {
  return `scan-${channelFor(input)}`;
}
