/**
 * Bad input a newcomer types, caught before anything starts: a `--label` the parse config would
 * refuse (checked by the config's own LABELS parser and the store's label rule), an empty one, and
 * a `--data-dir` that is a file. Through the real entry point: one line naming the input, exit 2
 * for a flag, and nothing created.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionsFromArgs, SEE_HELP } from '../src/cli-options';
import { FlagValueError } from '../src/errors';
import { messageOf } from './helpers/message-of';
import { checkDataDir } from '../src/data-dir';
import { checkHandlerEnv } from '../src/handler-env';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-first-checks-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('--label is checked with the other flags', () => {
  it('a label the parse config refuses fails in the CLI, before the stack starts: one line, exit 2, no data folder', () => {
    const dataDir = join(dir, 'never-created');
    const run = spawnSync(process.execPath, ['--import', 'tsx', CLI, '--label', 'Cat:abc', '--data-dir', dataDir], {
      encoding: 'utf8',
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    // the line and the pointer to --help, not the whole usage (which would bury the line)
    expect(run.stderr).toBe(
      `--label "Cat:abc": item 1 ("Cat:abc"): minConfidence "abc" must be a number from 0 to 100\n${SEE_HELP}\n`,
    );
    expect(existsSync(dataDir)).toBe(false);
  });

  it("a person trigger that only face recognition could see, on a channel no gallery names (--hls-url): refused by the handler's own rule before anything starts — one line, exit 2, no data folder", () => {
    const dataDir = join(dir, 'never-created-person');
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        CLI,
        '--hls-url',
        'http://127.0.0.1:9/live.m3u8',
        '--label',
        'Celebrity:Eileen Collins',
        '--data-dir',
        dataDir,
      ],
      { encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' }, timeout: 60_000 },
    );
    expect(run.status, run.stderr).toBe(2);
    const [first, ...rest] = run.stderr.split('\n');
    expect(first).toMatch(/^--label: watches Eileen Collins but face recognition is off: set FACES_DIR/);
    expect(rest).toEqual([SEE_HELP, '']);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('the same check for an embedder: startLocalStack refuses before it creates or starts anything', async () => {
    const dataDir = join(dir, 'never-created-embedded');
    const { startLocalStack } = await import('../src/stack');
    await expect(
      startLocalStack({
        hlsUrl: 'http://127.0.0.1:9/live.m3u8',
        labels: ['Celebrity:Eileen Collins'],
        dataDir,
        port: 0,
      }),
    ).rejects.toThrow(/^--label: watches Eileen Collins but face recognition is off/);
    expect(existsSync(dataDir)).toBe(false);
    // the demo channel's gallery names her: the same label passes without --hls-url
    expect(() => checkHandlerEnv({ labels: ['Celebrity:Eileen Collins'] })).not.toThrow();
  });

  it('rejects an empty --label instead of watching Cat anyway', () => {
    expect(messageOf(() => optionsFromArgs(['--label', '']))).toBe('--label "": item 1 ("") is empty');
    expect(messageOf(() => optionsFromArgs(['--label', 'Cat', '--label', ' ']))).toBe(
      '--label " ": item 1 ("") is empty',
    );
  });

  it("names a label the store's rule refuses, a label given twice, and fields the rolls flags would overflow", () => {
    expect(messageOf(() => optionsFromArgs(['--label', 'Cat/x']))).toMatch(
      /^--label "Cat\/x": invalid label "Cat\/x": /,
    );
    expect(messageOf(() => optionsFromArgs(['--label', 'Cat', '--label', 'cat']))).toBe(
      '--label: item 2 ("cat"): label cat is listed twice',
    );
    expect(messageOf(() => optionsFromArgs(['--label', 'Cat:60', '--pre-roll', '1']))).toMatch(
      /^--label "Cat:60": item 1 \("Cat:60:55:1:0"\) has 5 fields/,
    );
  });

  it('keeps good labels as they were (roll flags appended; person triggers too)', () => {
    expect(optionsFromArgs(['--label', 'Cat', '--label', 'Sports Car']).labels).toEqual(['Cat', 'Sports Car']);
    expect(optionsFromArgs(['--label', 'Dog', '--min-confidence', '70']).labels).toEqual(['Dog:70:0:0']);
    expect(optionsFromArgs(['--label', 'Celebrity:Eileen Collins']).labels).toEqual(['Celebrity:Eileen Collins']);
    expect(optionsFromArgs([])).not.toHaveProperty('labels');
  });
});

describe('--data-dir that is not a folder', () => {
  it('says the data folder is a file, not that it is not writable', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    await expect(checkDataDir(file)).rejects.toThrow(
      new FlagValueError(`data folder ${file} is a file, not a folder; pass --data-dir <folder>`),
    );
  });

  it('names the file when one is in the way above the folder', async () => {
    const file = join(dir, 'another-file');
    await writeFile(file, 'x');
    await expect(checkDataDir(join(file, 'data'))).rejects.toThrow(
      `data folder ${join(file, 'data')} is inside ${file}, which is a file, not a folder; pass --data-dir <folder>`,
    );
  });
});
