/**
 * Clipper configuration from environment variables (Lambda style), validated once at start-up.
 * Every bad variable gets its own line in one ClipperConfigError, so a deploy shows all problems
 * at once. Precedence: explicit `env` argument, else `process.env`; nothing else is read.
 */
import { DEFAULT_MAX_CLIP_SECONDS, EnvReader, MAX_CLIP_SECONDS_BOUNDS, type Env } from '@catfinder/store';
import { DEFAULT_DELTA_TIMEOUT_MS, DELTA_TIMEOUT_MS_BOUNDS } from './constants';
import { ssmParameterApiKey, type ApiKeyProvider } from './delta/api-key-parameter';
import { ClipperConfigError } from './errors';

export interface BuiltinClipperConfig {
  kind: 'builtin';
  /** From MAX_CLIP_SECONDS, 1–3600. @default 120 (libs/store) */
  maxClipSeconds: number;
}

export interface DeltaClipperConfig {
  kind: 'delta';
  maxClipSeconds: number;
  /** DELTA_URL: base URL of the Delta server, e.g. `http://delta.example:8080/`. */
  url: string;
  /** DELTA_CONTENTNAME: name of the live content the clips are cut from. */
  contentName: string;
  /** DELTA_USER */
  user: string;
  /** DELTA_API_KEY, or read from the SSM SecureString named by DELTA_API_KEY_PARAMETER */
  apiKey: string | ApiKeyProvider;
  /** DELTA_TIMEOUT_MS. @default 10000 */
  timeoutMs: number;
}

export type ClipperConfig = BuiltinClipperConfig | DeltaClipperConfig;

/**
 * Reads CLIPPER, MAX_CLIP_SECONDS (libs/store's default and bounds) and, for `delta`, the DELTA_*
 * variables into a shared EnvReader (an app reading several packages' variables passes one reader).
 */
export function readClipperEnv(r: EnvReader): ClipperConfig {
  const kind = r.oneOf('CLIPPER', ['builtin', 'delta'] as const, 'builtin');
  const maxClipSeconds = r.number('MAX_CLIP_SECONDS', {
    default: DEFAULT_MAX_CLIP_SECONDS,
    ...MAX_CLIP_SECONDS_BOUNDS,
  });
  if (kind !== 'delta') return { kind: 'builtin', maxClipSeconds };
  const required = (name: string, what: string): string => {
    const value = r.text(name);
    if (value === undefined) r.problem(name, `required when CLIPPER=delta (${what})`);
    return value ?? '';
  };
  const url =
    r.text('DELTA_URL') === undefined
      ? required('DELTA_URL', 'base URL of the Delta server')
      : (r.url('DELTA_URL', { required: true }) ?? '');
  const contentName = required('DELTA_CONTENTNAME', 'name of the live content on the Delta server');
  const user = required('DELTA_USER', 'API user name');
  // the key comes from an SSM SecureString on AWS (only prekog may read it), or the variable locally
  const parameter = r.text('DELTA_API_KEY_PARAMETER');
  const apiKey: string | ApiKeyProvider = parameter
    ? ssmParameterApiKey(parameter)
    : required('DELTA_API_KEY', 'API key of that user');
  const timeoutMs = r.number('DELTA_TIMEOUT_MS', { default: DEFAULT_DELTA_TIMEOUT_MS, ...DELTA_TIMEOUT_MS_BOUNDS });
  return { kind: 'delta', maxClipSeconds, url, contentName, user, apiKey, timeoutMs };
}

/** Reads and validates the clipper variables on their own; every problem in one ClipperConfigError. */
export function readClipperConfig(env: Env = process.env): ClipperConfig {
  const r = new EnvReader(env);
  const config = readClipperEnv(r);
  if (r.problems.length > 0)
    throw new ClipperConfigError(r.problems.map((p) => ({ variable: p.variable, problem: p.message })));
  return config;
}
