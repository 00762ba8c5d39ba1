import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { staticPackageImports } from '../src/static-imports';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Command-line entries that check their arguments before the heavy part loads (`await import`),
 * so a typo fails in a fraction of a second: [entry, the module it loads after the checks, packages
 * that module must bring]. The projects' own CLI tests show a bad argument still fails with its
 * message; this shows it fails before those packages load.
 */
const ENTRIES: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['apps/infra/src/main.ts', 'apps/infra/src/synthesize.ts', ['aws-cdk-lib', 'cdk-nag', 'esbuild']],
  // the handlers' config readers (parse-lambda, prekog-lambda and their libs) load only once the
  // file's shape and the context are checked
  [
    'apps/infra/src/main.ts',
    'apps/infra/src/config/handler-config.ts',
    ['@aws-sdk/client-dynamodb', '@aws-sdk/client-lambda', '@aws-sdk/client-ssm', 'm3u8-parser'],
  ],
  [
    'tools/local-stack/src/cli.ts',
    'tools/local-stack/src/stack.ts',
    ['@aws-sdk/client-dynamodb', '@aws-sdk/client-s3'],
  ],
  ['tools/scan/src/cli.ts', 'tools/scan/src/scan.ts', ['@aws-sdk/client-dynamodb', '@aws-sdk/client-s3']],
];

describe('command-line start-up', () => {
  for (const [entry, heavyModule, expected] of ENTRIES) {
    it(`${entry} checks its arguments before loading a package ${heavyModule} needs`, async () => {
      const heavy = [...(await staticPackageImports(`${root}/${heavyModule}`))].filter((p) => !p.startsWith('node:'));
      expect(heavy).toEqual(expect.arrayContaining([...expected]));
      const loaded = await staticPackageImports(`${root}/${entry}`);
      expect(heavy.filter((p) => loaded.has(p))).toEqual([]);
    });
  }
});
