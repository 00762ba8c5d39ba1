/** The scan command line: its usage text and the parsed options, checked with no media or detector code loaded. */
import { parseArgs } from 'node:util';
import { ScanUsageError } from './errors';
import { checkInputScheme } from './input-kind';

export const USAGE = `usage: npm run scan -- <file | playlist URL> [options]
  --label <spec>        watched label, LABELS syntax name[:minConfidence[:preRoll[:postRoll]]]; repeatable (default Cat)
  --detector <kind>     local (default) | rekognition
  --out <dir>           output folder (default ./scan-<name>/)
  --truth <file>        score against {"fps":25,"labels":{"Cat":[[300,499],...]}}
  --part-seconds <s>    length of the parts a file is split into (default 4)
  --json                print the result as JSON
  --serve <dir>         show a scan's output folder on the dashboard (needs \`npx nx run web:build\`); --port <n> (default 4700)
  -h, --help`;

export interface ScanCli {
  readonly input: string;
  readonly labels: string[];
  readonly detector: 'local' | 'rekognition';
  readonly out?: string;
  readonly truth?: string;
  readonly json: boolean;
  readonly partSeconds?: number;
}

const DEFAULT_SERVE_PORT = 4700;

const OPTIONS = {
  label: { type: 'string', multiple: true },
  detector: { type: 'string' },
  out: { type: 'string' },
  truth: { type: 'string' },
  'part-seconds': { type: 'string' },
  json: { type: 'boolean' },
  serve: { type: 'string' },
  port: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const OPTION_NAMES = Object.keys(OPTIONS).map((name) => `--${name}`);

/** Edit distance of two short strings (for "did you mean"). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/**
 * The first option the scan does not have, as typed (`--bogus`, `-x`), found from parseArgs' own
 * tokens: its strict-mode message for it suggests `-- "--bogus"`, which is no help here.
 */
function unknownOption(argv: readonly string[]): string | undefined {
  const { tokens } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const token = tokens.find((t) => t.kind === 'option' && !Object.hasOwn(OPTIONS, t.name));
  return token?.kind === 'option' ? token.rawName : undefined;
}

function unknownOptionMessage(raw: string): string {
  const near = OPTION_NAMES.filter((name) => distance(raw, name) <= 2);
  const hint = near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : '';
  return `scan: unknown option ${raw}${hint}; the options are ${OPTION_NAMES.join(', ')} (npm run scan -- --help)`;
}

export function parseCli(argv: readonly string[]): ScanCli | { serve: string; port: number } | 'help' {
  const unknown = unknownOption(argv);
  if (unknown !== undefined) throw new ScanUsageError(unknownOptionMessage(unknown));
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
  } catch (error) {
    throw new ScanUsageError(`scan: ${(error as Error).message}\n${USAGE}`, { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.serve !== undefined) {
    const port = Number(values.port ?? DEFAULT_SERVE_PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new ScanUsageError(`scan: --port must be a TCP port, got ${JSON.stringify(values.port)}`);
    return { serve: values.serve, port };
  }
  if (positionals.length !== 1)
    throw new ScanUsageError(
      `scan: expected exactly one input (a media file or a playlist URL), got ${positionals.length}\n${USAGE}`,
    );
  checkInputScheme(positionals[0]!);
  const detector = values.detector ?? 'local';
  if (detector !== 'local' && detector !== 'rekognition')
    throw new ScanUsageError(`scan: --detector must be local or rekognition, got ${JSON.stringify(detector)}`);
  const partSeconds = values['part-seconds'] === undefined ? undefined : Number(values['part-seconds']);
  if (partSeconds !== undefined && !(partSeconds >= 0.5 && partSeconds <= 60))
    throw new ScanUsageError(
      `scan: --part-seconds must be a number from 0.5 to 60, got ${JSON.stringify(values['part-seconds'])}`,
    );
  return {
    input: positionals[0]!,
    labels: values.label ?? [],
    detector,
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(values.truth === undefined ? {} : { truth: values.truth }),
    json: values.json ?? false,
    ...(partSeconds === undefined ? {} : { partSeconds }),
  };
}
