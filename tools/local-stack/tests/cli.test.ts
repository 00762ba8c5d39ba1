/** The CLI's flags: through the real entry point (it starts the stack when run), and their mapping onto the handlers' config. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { readParseConfig } from '@catfinder/parse-lambda';
import { tableEnv, tableNamesWithPrefix } from '@catfinder/store';
import { HELP, optionsFromArgs, SEE_HELP } from '../src/cli-options';
import { messageOf } from './helpers/message-of';
import { handlerEnv, type HandlerEnvParts } from '../src/stack';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

function runCli(args: readonly string[]): ReturnType<typeof spawnSync> & { stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    timeout: 30_000,
  }) as ReturnType<typeof spawnSync> & { stdout: string; stderr: string };
}

/** What the stack adds to the environment besides the options (the stand-ins' env as on a real start). */
const PARTS: HandlerEnvParts = {
  standInsEnv: { AWS_REGION: 'us-east-1', ...tableEnv(tableNamesWithPrefix('cli-test'), 'cli-test-bucket') },
  invokeEndpoint: 'http://127.0.0.1:4601',
  hlsUrl: 'http://127.0.0.1:4700/master.m3u8',
  demoFaces: false,
};

describe('local-stack CLI flags', () => {
  it('names an unknown --programme and the ones there are, exit 2', () => {
    const run = runCli(['--programme', 'toString']);
    expect(run.status).toBe(2);
    // one line and where the options are: the 22-line usage after it would bury the line
    expect(run.stderr).toBe(`--programme "toString" must be one of: default, showcase\n${SEE_HELP}\n`);
  });

  it("an unknown flag: the parser's line and the pointer, exit 2", () => {
    const run = runCli(['--prot', '4600']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^Unknown option '--prot'[^\n]*\n${SEE_HELP}\n$`));
  });

  it('--help prints the whole usage on stdout, every flag with its line, exit 0', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${HELP}\n`);
    for (const flag of [
      '--programme <name>',
      '--start <where>',
      '--max-lag-seconds <s>',
      '--data-dir <dir>',
      '--channel <id>',
    ])
      expect(run.stdout).toContain(flag);
  });

  it('reads --start and --max-lag-seconds; leaves them unset by default', () => {
    expect(optionsFromArgs(['--start', 'window', '--max-lag-seconds', '90'])).toMatchObject({
      start: 'window',
      maxLagSeconds: 90,
    });
    expect(optionsFromArgs(['--start', 'live', '--max-lag-seconds', '2.5'])).toMatchObject({
      start: 'live',
      maxLagSeconds: 2.5,
    });
    const defaults = optionsFromArgs([]);
    expect(defaults).not.toHaveProperty('start');
    expect(defaults).not.toHaveProperty('maxLagSeconds');
  });

  it('rejects a bad --start or --max-lag-seconds with one message naming the flag', () => {
    expect(messageOf(() => optionsFromArgs(['--start', 'LIVE']))).toBe('--start "LIVE" must be one of: live, window');
    expect(messageOf(() => optionsFromArgs(['--start', '']))).toBe('--start "" must be one of: live, window');
    for (const bad of ['0', '0.5', 'abc', '', '86401', 'Infinity'])
      expect(messageOf(() => optionsFromArgs(['--max-lag-seconds', bad]))).toBe(
        `--max-lag-seconds ${JSON.stringify(bad)} must be a number from 1 to 86400`,
      );
  });
});

describe('follower flags reach the parse handler', () => {
  it('--start window --max-lag-seconds 30 become the parse config', () => {
    const env = handlerEnv(optionsFromArgs(['--start', 'window', '--max-lag-seconds', '30']), PARTS);
    expect(env).toMatchObject({ START: 'window', MAX_LAG_SECONDS: '30' });
    const config = readParseConfig(env);
    expect(config.start).toBe('window');
    expect(config.maxLagSeconds).toBe(30);
  });

  it('without the flags the handler keeps its defaults (live edge, 60 s)', () => {
    const env = handlerEnv(optionsFromArgs([]), PARTS);
    expect(env).not.toHaveProperty('START');
    expect(env).not.toHaveProperty('MAX_LAG_SECONDS');
    const config = readParseConfig(env);
    expect(config.start).toBe('live');
    expect(config.maxLagSeconds).toBe(60);
  });

  it('the flags win over the same variables passed as raw handler env', () => {
    const env = handlerEnv(
      {
        ...optionsFromArgs(['--start', 'live', '--max-lag-seconds', '120']),
        env: { START: 'window', MAX_LAG_SECONDS: '5' },
      },
      PARTS,
    );
    expect(readParseConfig(env)).toMatchObject({ start: 'live', maxLagSeconds: 120 });
  });
});

describe('--channel names the channel the handlers store its rows under', () => {
  it('reaches CHANNEL_ID and the parse config; demo without the flag', () => {
    const env = handlerEnv(
      optionsFromArgs(['--hls-url', 'https://example.com/live/master.m3u8', '--channel', 'news-1']),
      PARTS,
    );
    expect(env.CHANNEL_ID).toBe('news-1');
    expect(readParseConfig(env).channelId).toBe('news-1');
    expect(optionsFromArgs([])).not.toHaveProperty('channelId');
    expect(readParseConfig(handlerEnv(optionsFromArgs([]), PARTS)).channelId).toBe('demo');
  });

  it("rejects an id the store would refuse with one line naming the flag, by the store's rule", () => {
    for (const bad of ['', 'a/b', '.demo', '-x', 'has space', 'x'.repeat(129)])
      expect(messageOf(() => optionsFromArgs([`--channel=${bad}`]))).toMatch(
        new RegExp(`^--channel: invalid channel ${escape(JSON.stringify(bad))}: expected 1-128 of A-Z a-z 0-9 _ -`),
      );
    expect(optionsFromArgs(['--channel', 'x'.repeat(128)]).channelId).toBe('x'.repeat(128));
  });

  it('a bad --channel exits 2 before anything starts (one line and the pointer)', () => {
    const run = runCli(['--channel', 'a/b', '--data-dir', '/proc/never-created']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^--channel: invalid channel "a/b": [^\n]*\n${SEE_HELP}\n$`));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
