/**
 * The environment both handlers read their config from (as on Lambda), and the check that they
 * accept it, run before anything starts: the handlers' own readers — parse's `readParseConfig`
 * and face-recognition switch (`faceRecognizerFor`: a person trigger needs recognition on), and
 * prekog's `readPrekogConfig` — on the environment the stack will give them, with the stand-ins'
 * names in place of the stand-ins not started yet. apps/infra runs the same readers at synth
 * (src/config/handler-config.ts). The rules stay the handlers'; this module names the flag.
 * It loads both handlers' modules: the CLI imports it only after its cheap checks.
 */
import { DEMO_FACES_DIR } from '@catfinder/demo-channel';
// The local stack runs these two handlers in-process (stack.ts), so it may run their config readers.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { faceRecognizerFor, readParseConfig } from '@catfinder/parse-lambda';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { readPrekogConfig } from '@catfinder/prekog-lambda';
import { ConfigError, tableEnv, tableNamesWithPrefix, type ConfigProblem } from '@catfinder/store';
import { DEFAULT_CHANNEL_ID, DEFAULT_LABEL, PREKOG_FUNCTION, STAND_IN_NAME } from './constants';
import { LocalStackError } from './errors';
import type { LocalStackOptions } from './stack';

/** What the handler environment is built from besides the options. */
export interface HandlerEnvParts {
  readonly standInsEnv: Readonly<Record<string, string>>;
  readonly invokeEndpoint: string;
  readonly hlsUrl: string;
  /** The demo channel runs: its person is named by the demo face gallery. */
  readonly demoFaces: boolean;
}

/** The environment both handlers read their config from (as on Lambda); `options.env` is applied last but for the typed follower settings. */
export function handlerEnv(options: LocalStackOptions, parts: HandlerEnvParts): Record<string, string> {
  return {
    ...parts.standInsEnv,
    AWS_ENDPOINT_URL_LAMBDA: parts.invokeEndpoint,
    CHANNEL_ID: options.channelId ?? DEFAULT_CHANNEL_ID,
    HLS_URL: parts.hlsUrl,
    LABELS: (options.labels ?? [DEFAULT_LABEL]).join(','),
    DETECTOR: 'local',
    PREKOG_FUNCTION_NAME: PREKOG_FUNCTION,
    CLIPPER: 'builtin',
    // The demo channel's person is named by its gallery (recognised and shown, not watched:
    // `--label "Celebrity:Eileen Collins"` clips her too).
    ...(parts.demoFaces ? { FACES_DIR: DEMO_FACES_DIR } : {}),
    ...(process.env.LOCAL_DETECTOR_THREADS ? { LOCAL_DETECTOR_THREADS: process.env.LOCAL_DETECTOR_THREADS } : {}),
    ...options.env,
    ...(options.start === undefined ? {} : { START: options.start }),
    ...(options.maxLagSeconds === undefined ? {} : { MAX_LAG_SECONDS: String(options.maxLagSeconds) }),
  };
}

/** The `npm start` flag behind each handler variable the flags set. */
const FLAG_OF: Readonly<Record<string, string>> = {
  LABELS: '--label',
  HLS_URL: '--hls-url',
  CHANNEL_ID: '--channel',
  ALLOWED_HOSTS: '--allowed-host',
  CUT_THRESHOLD: '--cut-threshold',
  SAMPLE_INTERVAL: '--sample-interval',
  EXIT_SAMPLES: '--exit-samples',
  START: '--start',
  MAX_LAG_SECONDS: '--max-lag-seconds',
};

/**
 * Throws LocalStackError naming the flag (or the variable) when a handler would refuse the
 * environment the stack gives it — e.g. `--label "Celebrity:Eileen Collins"` with `--hls-url`,
 * where no face gallery names anyone. No I/O: nothing is started or created.
 */
export function checkHandlerEnv(options: LocalStackOptions): void {
  const env = handlerEnv(options, {
    standInsEnv: tableEnv(tableNamesWithPrefix(STAND_IN_NAME), STAND_IN_NAME),
    invokeEndpoint: 'http://127.0.0.1:1',
    // the demo channel's URL is known only once it runs; any http URL passes the same rules
    hlsUrl: options.hlsUrl ?? 'http://127.0.0.1:1/demo/master.m3u8',
    demoFaces: options.hlsUrl === undefined,
  });
  try {
    faceRecognizerFor(readParseConfig(env), env);
    readPrekogConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new LocalStackError(error.problems.map(describe).join('; '), { cause: error });
  }
}

function describe(problem: ConfigProblem): string {
  return `${FLAG_OF[problem.variable] ?? problem.variable}: ${problem.message}`;
}
