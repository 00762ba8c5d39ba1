/**
 * Clipper configuration from environment variables (Lambda style), validated once at start-up.
 * Every bad variable gets its own line in one ClipperConfigError, so a deploy shows all problems
 * at once. Precedence: explicit `env` argument, else `process.env`; nothing else is read.
 */
import { DEFAULT_DELTA_TIMEOUT_MS, DEFAULT_MAX_CLIP_SECONDS } from './constants';
import { ssmParameterApiKey, type ApiKeyProvider } from './delta/api-key-parameter';
import { ClipperConfigError } from './errors';

export interface BuiltinClipperConfig {
  kind: 'builtin';
  /** From MAX_CLIP_SECONDS. @default 120 */
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

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and validates CLIPPER, MAX_CLIP_SECONDS and, for `delta`, the DELTA_* variables. */
export function readClipperConfig(env: Env = process.env): ClipperConfig {
  const problems: { variable: string; problem: string }[] = [];
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const positiveNumber = (name: string, fallback: number): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) {
      problems.push({ variable: name, problem: `must be a positive number, got "${raw}"` });
      return fallback;
    }
    return value;
  };
  const required = (name: string, what: string): string => {
    const value = text(name);
    if (value === undefined) problems.push({ variable: name, problem: `required when CLIPPER=delta (${what})` });
    return value ?? '';
  };

  const kind = text('CLIPPER') ?? 'builtin';
  const maxClipSeconds = positiveNumber('MAX_CLIP_SECONDS', DEFAULT_MAX_CLIP_SECONDS);
  if (kind !== 'builtin' && kind !== 'delta') {
    problems.push({ variable: 'CLIPPER', problem: `must be "builtin" or "delta", got "${kind}"` });
  }
  if (kind !== 'delta') {
    if (problems.length > 0) throw new ClipperConfigError(problems);
    return { kind: 'builtin', maxClipSeconds };
  }

  const url = required('DELTA_URL', 'base URL of the Delta server');
  if (url !== '') {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      problems.push({ variable: 'DELTA_URL', problem: `must be an http(s) URL, got "${url}"` });
    }
  }
  const contentName = required('DELTA_CONTENTNAME', 'name of the live content on the Delta server');
  const user = required('DELTA_USER', 'API user name');
  // the key comes from an SSM SecureString on AWS (only prekog may read it), or the variable locally
  const parameter = text('DELTA_API_KEY_PARAMETER');
  const apiKey: string | ApiKeyProvider = parameter ? ssmParameterApiKey(parameter) : required('DELTA_API_KEY', 'API key of that user');
  const timeoutMs = positiveNumber('DELTA_TIMEOUT_MS', DEFAULT_DELTA_TIMEOUT_MS);
  if (problems.length > 0) throw new ClipperConfigError(problems);
  return { kind: 'delta', maxClipSeconds, url, contentName, user, apiKey, timeoutMs };
}
