/**
 * The synth-time check that each channel's functions will start: the parse and prekog handlers'
 * own config readers (and parse's face-recognition switch, which refuses a person trigger when
 * recognition is off) run on exactly the environment the stack gives them, so a value they would
 * refuse at run time (a LABELS confidence of 200, CUT_THRESHOLD=abc, SAMPLE_INTERVAL=0) stops
 * synth instead. The rules stay theirs; this module only names the channels-file field.
 */
// infra deploys these two apps, so it may run their config readers; Nx forbids importing an
// application project whatever the tags say, hence the disables, kept to these two lines
// eslint-disable-next-line @nx/enforce-module-boundaries
import { faceRecognizerFor, readParseConfig } from '@catfinder/parse-lambda';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { readPrekogConfig } from '@catfinder/prekog-lambda';
import { ConfigError as HandlerConfigError, type ConfigProblem, type Env } from '@catfinder/store';
import { ConfigError } from '../errors';
import { configFieldOf, withDeployTimeStandIns } from './function-environment';
import type { CatFinderConfig } from './types';

/** What each handler checks before its first run: its config, and for parse the face-recognition switch. */
const READERS: ReadonlyArray<readonly [string, (env: Env) => unknown]> = [
  ['parse', (env) => faceRecognizerFor(readParseConfig(env), env)],
  ['prekog', readPrekogConfig],
];

/**
 * Throws infra's ConfigError (file, channel, field, variable, value, the handler's reason) for the
 * first channel whose parse or prekog would refuse its environment.
 */
export function checkHandlerConfig(config: CatFinderConfig, source: string): void {
  config.channels.forEach((channel, i) => {
    const environments = withDeployTimeStandIns(channel, config);
    for (const [name, read] of READERS) {
      const env = environments[name as keyof typeof environments];
      try {
        read(env);
      } catch (error) {
        if (!(error instanceof HandlerConfigError)) throw error;
        const reasons = error.problems.map((p) => describe(p, env)).join('; ');
        throw new ConfigError(
          `channel "${channel.id}" would not start: its ${name} function refuses ${reasons}`,
          `${source} channels[${i}]`,
          { cause: error },
        );
      }
    }
  });
}

/** `"labels" (LABELS="Cat:200"): <the handler's reason>` */
function describe(problem: ConfigProblem, env: Readonly<Record<string, string>>): string {
  const field = configFieldOf(problem.variable);
  const value = env[problem.variable];
  const variable = `${problem.variable}${value === undefined ? ' unset' : `=${JSON.stringify(value)}`}`;
  return `${field ? `"${field}" (${variable})` : `${variable} (set by the stack)`}: ${problem.message}`;
}
