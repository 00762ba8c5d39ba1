/**
 * `npm start`: the whole system on 127.0.0.1. Prints the dashboard URL, then a line per segment
 * and per clip; Ctrl-C stops everything (handlers finish their segment, ffmpeg is killed, the
 * stand-ins flush their data folder).
 *
 *   tsx tools/local-stack/src/cli.ts [--port 4600] [--data-dir .catfinder] [--hls-url <url>]
 *     [--programme default|showcase] [--allowed-host <host>]... [--label Cat]... [--min-confidence 55] [--pre-roll 0] [--post-roll 0]
 *     [--cut-threshold 0.3] [--sample-interval 2] [--exit-samples 2] [--schedule-seconds 60]
 *     [--start live|window] [--max-lag-seconds 60] [--json]
 */
import { DEFAULT_DATA_DIR } from './constants';
import { checkDataDir } from './data-dir';
import { FlagValueError, LocalStackError, StartAbortedError } from './errors';
import { optionsFromArgs, SEE_HELP, HELP } from './cli-options';
import type { LocalStack } from './stack';

/** A bad flag: its one line and where the options are listed (the full usage only with --help). */
function usageError(message: string): never {
  process.stderr.write(`${message}\n${SEE_HELP}\n`);
  process.exit(2);
}

/**
 * Ctrl-C / SIGTERM from the first moment: during start-up it aborts the start (what has started
 * is stopped; exit 130), once running it stops the stack (exit 0). Either way "stopping…" at once.
 */
function interrupts(): { signal: AbortSignal; running(stack: LocalStack): void; stopping(): boolean } {
  const controller = new AbortController();
  let stack: LocalStack | undefined;
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nstopping…\n');
    if (stack === undefined) return controller.abort();
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return { signal: controller.signal, running: (s) => (stack = s), stopping: () => stopping };
}

async function main(): Promise<void> {
  let options: ReturnType<typeof optionsFromArgs>;
  try {
    options = optionsFromArgs(process.argv.slice(2));
  } catch (error) {
    usageError((error as Error).message);
  }
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const interrupt = interrupts();
  // The data folder before anything loads (a file, /proc/x: one line at once), changing nothing.
  try {
    await checkDataDir(options.dataDir ?? DEFAULT_DATA_DIR);
  } catch (error) {
    if (error instanceof FlagValueError) usageError(error.message);
    throw error;
  }
  // Lazy: the handlers' config readers and the stack load the AWS SDKs and the detector (seconds),
  // so a bad flag fails before they load. Then the handlers' own readers check the flags' values
  // (a person trigger without face recognition, …) before anything starts: still a flag error.
  const { checkHandlerEnv }: typeof import('./handler-env') = await import('./handler-env');
  try {
    checkHandlerEnv(options);
  } catch (error) {
    if (!(error instanceof LocalStackError)) throw error;
    usageError(error.message);
  }
  const { startLocalStack }: typeof import('./stack') = await import('./stack');
  const started = Date.now();
  const stack = await startLocalStack({ ...options, signal: interrupt.signal });
  interrupt.running(stack);
  process.stdout.write(
    `\nCatFinder is running (${((Date.now() - started) / 1000).toFixed(1)} s)\n  dashboard: ${stack.dashboardUrl}\n  channel:   ${stack.env.CHANNEL_ID} at ${stack.hlsUrl}\n` +
      `  watching:  ${stack.env.LABELS}\nPress Ctrl-C to stop.\n\n`,
  );
  // The stack stopped itself (a part down for good, the data folder removed): already stopped.
  void stack.failure.then((error) => {
    if (interrupt.stopping()) return;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  // Interrupted during start-up: "stopping…" is printed and what had started is stopped.
  if (error instanceof StartAbortedError) process.exit(130);
  if (error instanceof FlagValueError) usageError(error.message);
  process.stderr.write(
    `${error instanceof LocalStackError ? error.message : `could not start: ${(error as Error).stack ?? String(error)}`}\n`,
  );
  process.exit(1);
});
