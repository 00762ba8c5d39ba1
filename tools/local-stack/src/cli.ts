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
import { LocalStackError } from './errors';
import { HELP, optionsFromArgs } from './cli-options';

async function main(): Promise<void> {
  let options: ReturnType<typeof optionsFromArgs>;
  try {
    options = optionsFromArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${HELP}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  // Lazy: the handlers' config readers and the stack load the AWS SDKs and the detector (seconds),
  // so a bad flag fails before they load. Then the handlers' own readers check the flags' values
  // (a person trigger without face recognition, …) before anything starts: still a flag error.
  const { checkHandlerEnv }: typeof import('./handler-env') = await import('./handler-env');
  try {
    checkHandlerEnv(options);
  } catch (error) {
    if (!(error instanceof LocalStackError)) throw error;
    process.stderr.write(`${error.message}\n${HELP}\n`);
    process.exit(2);
  }
  const { startLocalStack }: typeof import('./stack') = await import('./stack');
  const started = Date.now();
  const stack = await startLocalStack(options);
  process.stdout.write(
    `\nCatFinder is running (${((Date.now() - started) / 1000).toFixed(1)} s)\n  dashboard: ${stack.dashboardUrl}\n  channel:   ${stack.hlsUrl}\n` +
      `  watching:  ${stack.env.LABELS}\nPress Ctrl-C to stop.\n\n`,
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nstopping…\n');
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
  // The stack stopped itself (a part down for good, the data folder removed): already stopped.
  void stack.failure.then((error) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof LocalStackError ? error.message : `could not start: ${(error as Error).stack ?? String(error)}`}\n`,
  );
  process.exit(1);
});
