import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSchedule, TEST_PATTERN } from '../src/index';
import { cachedProgram } from '../src/program';

describe('cachedProgram', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('renders once per schedule and reuses the file on the next start', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'demo-cache-'));
    dirs.push(cacheDir);
    const short = buildSchedule([{ name: 'pattern', image: TEST_PATTERN, seconds: 1 }], 1);
    const first = await cachedProgram(short, cacheDir);
    const rendered = await stat(first);
    expect(rendered.size).toBeGreaterThan(0);

    const again = await cachedProgram(short, cacheDir);
    expect(again).toBe(first);
    expect((await stat(again)).mtimeMs).toBe(rendered.mtimeMs);

    const longer = await cachedProgram(
      buildSchedule([{ name: 'pattern', image: TEST_PATTERN, seconds: 2 }], 1),
      cacheDir,
    );
    expect(longer).not.toBe(first);
    // Only finished renders are left in the cache (no temp files).
    expect((await readdir(cacheDir)).sort()).toEqual([first, longer].map((p) => p.slice(cacheDir.length + 1)).sort());
  }, 60_000);
});
