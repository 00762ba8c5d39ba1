/**
 * Command line: `npm run scan -- <input> [options]` (see the README for every option).
 * Exit status: 0 done, 1 the input could not be scanned, 2 bad options.
 */
import { resolve } from 'node:path';
import { parseCli, USAGE } from './cli-args';
import { ScanError, ScanUsageError } from './errors';
import { isPlaylistUrl } from './input-kind';
import { checkOutDir } from './out-dir';
import { createProgress } from './progress';
import { serveResult } from './serve';

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
    // An explicit --out is checked here, before the pipeline loads (the scan creates it once the input is accepted).
    if (cli.out !== undefined) await checkOutDir(here(cli.out));
    // Lazy: the pipeline loads parse/prekog, the AWS SDKs and the detector (seconds), so a bad option fails before it
    const [{ scan, summaryLine }, { reportLines }] = await Promise.all([import('./scan'), import('./report')]);
    const progress = createProgress(process.stderr);
    const outcome = await scan({
      input: isPlaylistUrl(cli.input) ? cli.input : here(cli.input),
      labels: cli.labels,
      detector: cli.detector,
      signal: controller.signal,
      ...(cli.out === undefined ? {} : { outDir: here(cli.out) }),
      cwd: here('.'),
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
