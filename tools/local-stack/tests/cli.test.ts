/** The CLI's flags, through the real entry point (it starts the stack when imported). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

describe('local-stack CLI flags', () => {
  it('names an unknown --programme and the ones there are, exit 2', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', CLI, '--programme', 'toString'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('--programme "toString" must be one of: default, showcase');
    expect(run.stderr).toContain('--programme <name>');
  });
});
