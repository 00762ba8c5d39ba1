/**
 * `npm start`: the whole system on 127.0.0.1. Prints the dashboard URL, then a line per segment
 * and per clip; Ctrl-C stops everything (handlers finish their segment, ffmpeg is killed, the
 * stand-ins flush their data folder).
 *
 *   tsx tools/local-stack/src/cli.ts [--port 4600] [--data-dir .catfinder] [--hls-url <url>]
 *     [--programme default|showcase] [--allowed-host <host>]... [--label Cat]... [--min-confidence 55] [--pre-roll 0] [--post-roll 0]
 *     [--cut-threshold 0.3] [--sample-interval 2] [--exit-samples 2] [--schedule-seconds 60] [--json]
 */
import { parseArgs } from 'node:util';
import { SHOWCASE_PROGRAMME, type DemoChannelOptions } from '@catfinder/demo-channel';
import { LocalStackError } from './errors';

/** Demo programmes by `--programme` name. */
const PROGRAMMES: Readonly<Record<string, DemoChannelOptions>> = { default: {}, showcase: SHOWCASE_PROGRAMME };
import { startLocalStack, type LocalStackOptions } from './stack';

const HELP = `Usage: npm start -- [options]
  --port <n>              dashboard / S3 port on 127.0.0.1 (default 4600)
  --data-dir <dir>        persistent data folder (default .catfinder)
  --hls-url <url>         a real live channel instead of the demo channel
  --programme <name>      demo channel programme: showcase (the default; 30 s: a person the demo
                          face gallery names, a cat, a cat walking into a scene) or default (the
                          original 24 s loop); ignored with --hls-url
  --allowed-host <host>   a further host the channel may redirect to or load segments from,
                          repeatable (host, host:port or *.domain; default: only the URL's host)
  --label <name>          watched label, repeatable (default Cat)
  --min-confidence <n>    minimum confidence 0-100 for the labels (default: the handler's)
  --pre-roll <s>          seconds before the first scene of an appearance (default 0)
  --post-roll <s>         seconds after the last scene (default 0)
  --cut-threshold <x>     scene score of a cut, 0-1 (default 0.3)
  --sample-interval <s>   seconds between samples inside a long scene (default 2)
  --exit-samples <n>      non-matching samples that end an appearance (default 2)
  --schedule-seconds <s>  seconds between parse runs (default 60)
  --json                  structured JSON logs instead of readable lines`;

/** Turns the flags into stack options; throws LocalStackError naming a bad flag. */
export function optionsFromArgs(args: readonly string[]): LocalStackOptions & { help?: boolean } {
  const { values } = parseArgs({
    args: [...args],
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'hls-url': { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      programme: { type: 'string' },
      label: { type: 'string', multiple: true },
      'min-confidence': { type: 'string' },
      'pre-roll': { type: 'string' },
      'post-roll': { type: 'string' },
      'cut-threshold': { type: 'string' },
      'sample-interval': { type: 'string' },
      'exit-samples': { type: 'string' },
      'schedule-seconds': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const number = (flag: string, min: number, max: number): number | undefined => {
    const raw = values[flag as keyof typeof values] as string | undefined;
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max)
      throw new LocalStackError(`--${flag} ${JSON.stringify(raw)} must be a number from ${min} to ${max}`);
    return n;
  };
  const port = number('port', 0, 65535);
  const minConfidence = number('min-confidence', 0, 100);
  const preRoll = number('pre-roll', 0, 60);
  const postRoll = number('post-roll', 0, 60);
  const scheduleSeconds = number('schedule-seconds', 5, 3600);
  const hlsUrl = values['hls-url'];
  if (hlsUrl !== undefined && !/^https?:\/\//.test(hlsUrl))
    throw new LocalStackError(`--hls-url ${JSON.stringify(hlsUrl)} must be an http(s) URL`);
  const roll =
    minConfidence === undefined && preRoll === undefined && postRoll === undefined
      ? ''
      : `:${minConfidence ?? 55}:${preRoll ?? 0}:${postRoll ?? 0}`;
  const env: Record<string, string> = {};
  if (number('cut-threshold', 0, 1) !== undefined) env.CUT_THRESHOLD = values['cut-threshold']!;
  if (number('sample-interval', 0.1, 60) !== undefined) env.SAMPLE_INTERVAL = values['sample-interval']!;
  if (number('exit-samples', 1, 100) !== undefined) env.EXIT_SAMPLES = values['exit-samples']!;
  if (values['allowed-host'] !== undefined) env.ALLOWED_HOSTS = values['allowed-host'].join(',');
  const programme = values.programme;
  if (programme !== undefined && !Object.hasOwn(PROGRAMMES, programme))
    throw new LocalStackError(
      `--programme ${JSON.stringify(programme)} must be one of: ${Object.keys(PROGRAMMES).join(', ')}`,
    );
  return {
    ...(port === undefined ? {} : { port }),
    ...(programme === undefined ? {} : { demo: PROGRAMMES[programme as keyof typeof PROGRAMMES] }),
    ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
    ...(hlsUrl === undefined ? {} : { hlsUrl }),
    ...(values.label === undefined && roll === ''
      ? {}
      : { labels: (values.label ?? ['Cat']).map((l) => `${l}${roll}`) }),
    ...(scheduleSeconds === undefined ? {} : { scheduleSeconds }),
    json: values.json ?? false,
    env,
    ...(values.help ? { help: true } : {}),
  };
}

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
