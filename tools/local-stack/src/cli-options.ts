/** The `npm start` flags: help text and their mapping onto {@link LocalStackOptions}. */
import { parseArgs } from 'node:util';
import { SHOWCASE_PROGRAMME, type DemoChannelOptions } from '@catfinder/demo-channel';
import type { StartPosition } from '@catfinder/hls';
// The parse config's own LABELS parser (a light module: no SDK), so a bad --label fails before anything starts.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { parseTriggers } from '@catfinder/parse-lambda/triggers';
import { validateChannel, validateLabel } from '@catfinder/store/keys';
import { LocalStackError } from './errors';
import type { LocalStackOptions } from './stack';

/** Demo programmes by `--programme` name. */
const PROGRAMMES: Readonly<Record<string, DemoChannelOptions>> = { default: {}, showcase: SHOWCASE_PROGRAMME };
const START_POSITIONS: readonly StartPosition[] = ['live', 'window'];
/** `--max-lag-seconds` range: at least a second; at most a day (beyond that, lag is never skipped in practice). */
const MAX_LAG_RANGE = { min: 1, max: 86_400 } as const;

/** After a bad flag's one line: where the options are (the whole usage would bury the line). */
export const SEE_HELP = 'see npm start -- --help';

export const HELP = `Usage: npm start -- [options]
  --port <n>              dashboard / S3 port on 127.0.0.1 (default 4600)
  --data-dir <dir>        persistent data folder (default .catfinder)
  --hls-url <url>         a real live channel instead of the demo channel
  --channel <id>          the channel's id in the store, feeds and media keys (default demo);
                          1-128 of A-Z a-z 0-9 _ - starting with a letter or digit
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
  --start <where>         where a channel with no saved position starts: live (the live edge,
                          as a player does; the default) or window (the oldest listed segment)
  --max-lag-seconds <s>   seconds behind live past which the follower skips to the live edge and
                          records the skipped segments as a behind-live gap, 1-86400 (default 60)
  --json                  structured JSON logs instead of readable lines`;

/** Turns the flags into stack options; throws LocalStackError naming a bad flag. */
export function optionsFromArgs(args: readonly string[]): LocalStackOptions & { help?: boolean } {
  const { values } = parseArgs({
    args: [...args],
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'hls-url': { type: 'string' },
      channel: { type: 'string' },
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
      start: { type: 'string' },
      'max-lag-seconds': { type: 'string' },
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
  const maxLagSeconds = number('max-lag-seconds', MAX_LAG_RANGE.min, MAX_LAG_RANGE.max);
  const start = startPosition(values.start);
  const dataDir = values['data-dir'];
  if (dataDir === '') throw new LocalStackError('--data-dir "" must name a folder');
  const hlsUrl = values['hls-url'];
  if (hlsUrl !== undefined && !/^https?:\/\//.test(hlsUrl))
    throw new LocalStackError(`--hls-url ${JSON.stringify(hlsUrl)} must be an http(s) URL`);
  const channelId = channelIdFlag(values.channel);
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
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(hlsUrl === undefined ? {} : { hlsUrl }),
    ...(channelId === undefined ? {} : { channelId }),
    ...(values.label === undefined && roll === '' ? {} : { labels: watchedLabels(values.label ?? ['Cat'], roll) }),
    ...(scheduleSeconds === undefined ? {} : { scheduleSeconds }),
    ...(start === undefined ? {} : { start }),
    ...(maxLagSeconds === undefined ? {} : { maxLagSeconds }),
    json: values.json ?? false,
    env,
    ...(values.help ? { help: true } : {}),
  };
}

/** `--channel`: checked by the store's channel-id rule (the parse config's CHANNEL_ID check; no rule of our own). */
function channelIdFlag(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    return validateChannel(raw);
  } catch (error) {
    throw new LocalStackError(`--channel: ${(error as Error).message}`, { cause: error });
  }
}

/** `--start`: one of the follower's start positions (exact, lower case, as documented). */
function startPosition(raw: string | undefined): StartPosition | undefined {
  if (raw === undefined) return undefined;
  const found = START_POSITIONS.find((p) => p === raw);
  if (found === undefined)
    throw new LocalStackError(`--start ${JSON.stringify(raw)} must be one of: ${START_POSITIONS.join(', ')}`);
  return found;
}

/**
 * `--label` values with the roll suffix, checked as the parse config checks LABELS (its parser,
 * then the store's label rule; no rule of our own): each on its own, so the message names the
 * flag value, then together (a label given twice).
 */
function watchedLabels(labels: readonly string[], roll: string): string[] {
  const specs = labels.map((l) => `${l}${roll}`);
  specs.forEach((spec, i) => {
    const { triggers, problems } = parseTriggers(spec);
    const flag = `--label ${JSON.stringify(labels[i])}`;
    if (problems[0] !== undefined) throw new LocalStackError(`${flag}: ${problems[0]}`);
    // The store's label rule has the final word, as in the parse config (names become keys).
    for (const t of triggers) {
      try {
        validateLabel(t.label);
      } catch (error) {
        throw new LocalStackError(`${flag}: ${(error as Error).message}`);
      }
    }
  });
  const [problem] = parseTriggers(specs.join(',')).problems;
  if (problem !== undefined) throw new LocalStackError(`--label: ${problem}`);
  return specs;
}
