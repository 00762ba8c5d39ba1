/**
 * The environment each function of a channel runs with: the one place it is decided. The stack
 * (ChannelPipeline) sets it on the functions; the synth-time check runs the handlers' own config
 * readers on it. Pure (no aws-cdk-lib), so main.ts can check a config before the CDK loads.
 */
import { tableEnv, tableNamesWithPrefix } from '@catfinder/store';
import { CHANNEL_ENV_VARS, FFMPEG_LAYER_PATH, METRICS_NAMESPACE } from '../constants';
import type { CatFinderConfig, ChannelConfig } from './types';

/** Variables the stack binds to a resource it creates (ChannelPipeline's grants). */
export const PREKOG_FUNCTION_NAME_VAR = 'PREKOG_FUNCTION_NAME';
export const DELTA_API_KEY_PARAMETER_VAR = 'DELTA_API_KEY_PARAMETER';

/** The variables of one channel's two functions. */
export interface ChannelEnvironments {
  readonly parse: Readonly<Record<string, string>>;
  readonly prekog: Readonly<Record<string, string>>;
}

/**
 * What the config decides: the channel's `env` block, its settings and the stack's fixed
 * variables. The stack's bindings (tables, bucket, prekog's name, the Delta key parameter) come on
 * top, at deploy time ({@link withDeployTimeStandIns}).
 */
export function channelEnvironments(channel: ChannelConfig, ttlHours: number): ChannelEnvironments {
  const shared: Record<string, string> = {
    ...channel.env,
    CHANNEL_ID: channel.id,
    HLS_URL: channel.hlsUrl,
    LABELS: channel.labels,
    DETECTOR: channel.detector,
    TTL_HOURS: String(ttlHours),
    FFMPEG_PATH: FFMPEG_LAYER_PATH,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  };
  return {
    prekog: { ...shared, POWERTOOLS_SERVICE_NAME: 'catfinder-prekog' },
    parse: {
      ...shared,
      POWERTOOLS_SERVICE_NAME: 'catfinder-parse',
      RECOGNIZE_FACES: channel.recognizeFaces ? 'on' : 'off',
      ...(channel.detectorBudgetPerMinute === undefined
        ? {}
        : { DETECTOR_BUDGET_PER_MINUTE: String(channel.detectorBudgetPerMinute) }),
    },
  };
}

/** Stand-in for a name CloudFormation picks at deploy time (valid as a table, bucket and function name). */
export const DEPLOY_TIME_NAME = 'catfinder-deploy-time-name';

/**
 * The whole environment each function will have once deployed, with every deploy-time name (a
 * CDK token at synth) replaced by {@link DEPLOY_TIME_NAME}-based stand-ins. tests/stack.test.ts
 * checks it has exactly the synthesized functions' variables.
 */
export function withDeployTimeStandIns(channel: ChannelConfig, config: CatFinderConfig): ChannelEnvironments {
  const { parse, prekog } = channelEnvironments(channel, config.ttlHours);
  const store = tableEnv(tableNamesWithPrefix(DEPLOY_TIME_NAME), DEPLOY_TIME_NAME);
  return {
    parse: { ...parse, ...store, [PREKOG_FUNCTION_NAME_VAR]: DEPLOY_TIME_NAME },
    prekog: {
      ...prekog,
      ...store,
      ...(channel.deltaApiKeyParameter ? { [DELTA_API_KEY_PARAMETER_VAR]: channel.deltaApiKeyParameter } : {}),
    },
  };
}

/**
 * The channels-file field a variable comes from (set or missing), to name it in errors; undefined
 * for a variable only the stack sets (a table, bucket or function name).
 */
export function configFieldOf(variable: string): string | undefined {
  return CHANNEL_ENV_VARS.includes(variable) ? `env.${variable}` : FIELD_OF_VARIABLE[variable];
}

const FIELD_OF_VARIABLE: Readonly<Record<string, string>> = {
  CHANNEL_ID: 'id',
  HLS_URL: 'hlsUrl',
  LABELS: 'labels',
  DETECTOR: 'detector',
  TTL_HOURS: 'ttlHours',
  RECOGNIZE_FACES: 'recognizeFaces',
  DETECTOR_BUDGET_PER_MINUTE: 'detectorBudgetPerMinute',
  [DELTA_API_KEY_PARAMETER_VAR]: 'deltaApiKeyParameter',
  // libs/delta asks for the key when CLIPPER=delta has no parameter: the field that supplies it
  DELTA_API_KEY: 'deltaApiKeyParameter',
};
