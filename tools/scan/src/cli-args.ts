/** The scan command line: its usage text and the parsed options, checked with no media or detector code loaded. */
import { parseArgs } from 'node:util';
import { ScanUsageError } from './errors';

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

export function parseCli(argv: readonly string[]): ScanCli | { serve: string; port: number } | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        label: { type: 'string', multiple: true },
        detector: { type: 'string' },
        out: { type: 'string' },
        truth: { type: 'string' },
        'part-seconds': { type: 'string' },
        json: { type: 'boolean' },
        serve: { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
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
