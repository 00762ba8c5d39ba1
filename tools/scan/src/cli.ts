/**
 * Command line: `npm run scan -- <input> [options]` (see the README for every option).
 * Exit status: 0 done, 1 the input could not be scanned, 2 bad options.
 */
import { parseArgs } from 'node:util';
import { ScanError, ScanUsageError } from './errors';
import { createProgress } from './progress';
import { resolve } from 'node:path';
import { isPlaylistUrl, scan, summaryLine, type ScanOutcome } from './scan';
import { channelFor } from './settings';
import { serveResult } from './serve';
import { formatScore } from './truth';

const USAGE = `usage: npm run scan -- <file | playlist URL> [options]
  --label <spec>        watched label, LABELS syntax name[:minConfidence[:preRoll[:postRoll]]]; repeatable (default Cat)
  --detector <kind>     local (default) | rekognition
  --out <dir>           output folder (default ./scan-<name>/)
  --truth <file>        score against {"fps":25,"labels":{"Cat":[[300,499],...]}}
  --part-seconds <s>    length of the parts a file is split into (default 4)
  --json                print the result as JSON
  --serve <dir>         show a scan's output folder on the dashboard (needs \`npx nx run web:build\`); --port <n> (default 4700)
  -h, --help`;

export interface ScanCli {
  readonly input: string;
  readonly labels: string[];
  readonly detector: 'local' | 'rekognition';
  readonly out?: string;
  readonly truth?: string;
  readonly json: boolean;
  readonly partSeconds?: number;
}

const DEFAULT_SERVE_PORT = 4700;

export function parseCli(argv: readonly string[]): ScanCli | { serve: string; port: number } | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        label: { type: 'string', multiple: true },
        detector: { type: 'string' },
        out: { type: 'string' },
        truth: { type: 'string' },
        'part-seconds': { type: 'string' },
        json: { type: 'boolean' },
        serve: { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new ScanUsageError(`scan: ${(error as Error).message}\n${USAGE}`, { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.serve !== undefined) {
    const port = Number(values.port ?? DEFAULT_SERVE_PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new ScanUsageError(`scan: --port must be a TCP port, got ${JSON.stringify(values.port)}`);
    return { serve: values.serve, port };
  }
  if (positionals.length !== 1)
    throw new ScanUsageError(
      `scan: expected exactly one input (a media file or a playlist URL), got ${positionals.length}\n${USAGE}`,
    );
  const detector = values.detector ?? 'local';
  if (detector !== 'local' && detector !== 'rekognition')
    throw new ScanUsageError(`scan: --detector must be local or rekognition, got ${JSON.stringify(detector)}`);
  const partSeconds = values['part-seconds'] === undefined ? undefined : Number(values['part-seconds']);
  if (partSeconds !== undefined && !(partSeconds >= 0.5 && partSeconds <= 60))
    throw new ScanUsageError(
      `scan: --part-seconds must be a number from 0.5 to 60, got ${JSON.stringify(values['part-seconds'])}`,
    );
  return {
    input: positionals[0]!,
    labels: values.label ?? [],
    detector,
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(values.truth === undefined ? {} : { truth: values.truth }),
    json: values.json ?? false,
    ...(partSeconds === undefined ? {} : { partSeconds }),
  };
}

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

/** Paths as the user typed them: `npm run` moves to the repository root, INIT_CWD is where they were. */
function here(path: string): string {
  return resolve(process.env['INIT_CWD'] ?? process.cwd(), path);
}

async function main(): Promise<number> {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  try {
    const cli = parseCli(process.argv.slice(2));
    if (cli === 'help') {
      console.log(USAGE);
      return 0;
    }
    if ('serve' in cli) {
      const server = await serveResult({ outDir: here(cli.serve), port: cli.port });
      console.log(`scan: dashboard for ${cli.serve} at ${server.url} (Ctrl-C stops it)`);
      await new Promise<void>((done) => controller.signal.addEventListener('abort', () => done(), { once: true }));
      await server.close();
      return 0;
    }
    const progress = createProgress(process.stderr);
    const outcome = await scan({
      input: isPlaylistUrl(cli.input) ? cli.input : here(cli.input),
      labels: cli.labels,
      detector: cli.detector,
      signal: controller.signal,
      outDir: here(cli.out ?? `scan-${channelFor(cli.input)}`),
      ...(cli.truth ? { truth: here(cli.truth) } : {}),
      ...(cli.partSeconds ? { partSeconds: cli.partSeconds } : {}),
      onProgress: (p) => progress.update(p),
    }).finally(() => progress.done());
    if (cli.json)
      console.log(
        JSON.stringify(
          {
            ...outcome,
            clips: outcome.clips.map((c) => ({ ...c.record, firstFrame: c.firstFrame, lastFrame: c.lastFrame })),
            line: summaryLine(outcome),
          },
          null,
          1,
        ),
      );
    else for (const line of reportLines(outcome)) console.log(line);
    return 0;
  } catch (error) {
    if (controller.signal.aborted) {
      console.error('scan: interrupted; the output folder holds the clips finished so far');
      return 130;
    }
    if (error instanceof ScanError) {
      console.error(error.message);
      return error instanceof ScanUsageError ? 2 : 1;
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('scan: failed:', error);
      process.exit(1);
    },
  );
}
