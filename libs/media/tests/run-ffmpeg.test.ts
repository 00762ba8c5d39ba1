import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FfmpegAbortedError,
  FfmpegExitError,
  FfmpegInterruptedError,
  FfmpegNotFoundError,
  FfmpegTimeoutError,
  makeTempDir,
  removePaths,
  resolveFfmpeg,
  runFfmpeg,
  startFfmpeg,
  writeAtomically,
} from '../src/index';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('media-run-test-');
});
afterAll(async () => {
  await removePaths(dir);
});

describe('resolveFfmpeg', () => {
  it('finds the bundled static ffmpeg when FFMPEG_PATH is unset', () => {
    const path = resolveFfmpeg({});
    expect(existsSync(path)).toBe(true);
  });
  it('names FFMPEG_PATH when it points at nothing', () => {
    expect(() => resolveFfmpeg({ FFMPEG_PATH: '/nope/ffmpeg' })).toThrow(/FFMPEG_PATH=\/nope\/ffmpeg/);
    expect(() => resolveFfmpeg({ FFMPEG_PATH: '/nope/ffmpeg' })).toThrow(FfmpegNotFoundError);
  });
});

describe('runFfmpeg', () => {
  it('collects stdout of a successful run', async () => {
    const result = await runFfmpeg(
      ['-f', 'lavfi', '-i', 'color=c=red:s=16x16:d=0.1:r=10', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
      { timeoutMs: 10_000 },
    );
    expect(result.stdout.length).toBe(16 * 16 * 1);
  });

  it('feeds stdin bytes', async () => {
    const raw = new Uint8Array(8 * 8).fill(200);
    const result = await runFfmpeg(
      ['-f', 'rawvideo', '-pix_fmt', 'gray', '-s', '8x8', '-i', 'pipe:0', '-f', 'rawvideo', 'pipe:1'],
      {
        timeoutMs: 10_000,
        stdin: raw,
      },
    );
    expect([...result.stdout]).toEqual([...raw]);
  });

  it('rejects with the stderr tail when ffmpeg fails, and removes cleanup paths', async () => {
    const junk = join(dir, 'partial.bin');
    await writeFile(junk, 'x');
    const error = await runFfmpeg(['-i', join(dir, 'missing.ts'), '-f', 'null', '-'], {
      timeoutMs: 10_000,
      cleanupOnFailure: [junk],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FfmpegExitError);
    expect((error as FfmpegExitError).stderrTail).toMatch(/No such file/);
    expect((error as FfmpegExitError).exitCode).not.toBe(0);
    expect(existsSync(junk)).toBe(false);
  });

  it('rejects with FfmpegNotFoundError when the binary does not exist', async () => {
    await expect(
      runFfmpeg(['-version'], { timeoutMs: 5_000, ffmpegPath: join(dir, 'no-ffmpeg') }),
    ).rejects.toBeInstanceOf(FfmpegNotFoundError);
  });

  it('kills a run that exceeds its timeout', async () => {
    const started = Date.now();
    const error = await runFfmpeg(['-re', '-f', 'lavfi', '-i', 'color=s=16x16:r=5', '-f', 'null', '-'], {
      timeoutMs: 400,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FfmpegTimeoutError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it.each(['SIGINT', 'SIGTERM', 'SIGKILL'] as const)(
    'a %s nobody here sent (a terminal’s Ctrl-C, a shutdown, the OOM killer) is an interruption, retryable — not the input’s fault',
    async (signal) => {
      const proc = startFfmpeg(['-re', '-f', 'lavfi', '-i', 'color=s=16x16:r=5', '-f', 'null', '-'], {
        timeoutMs: 20_000,
      });
      // ffmpeg reports its progress on stderr once it runs: signal it then, from outside the runner.
      await new Promise<void>((resolve) => proc.child.stderr?.once('data', () => resolve()));
      proc.child.kill(signal);
      const error = await proc.done.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FfmpegInterruptedError);
      expect(error).not.toBeInstanceOf(FfmpegExitError);
      expect((error as FfmpegInterruptedError).retryable).toBe(true);
    },
  );

  it('kills a run when its AbortSignal fires', async () => {
    const controller = new AbortController();
    const pending = runFfmpeg(['-re', '-f', 'lavfi', '-i', 'color=s=16x16:r=5', '-f', 'null', '-'], {
      timeoutMs: 20_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 200);
    await expect(pending).rejects.toBeInstanceOf(FfmpegAbortedError);
  });

  it('stops a long-running process on request and resolves as stopped', async () => {
    const proc = startFfmpeg(['-re', '-f', 'lavfi', '-i', 'color=s=16x16:r=5', '-f', 'null', '-'], {
      timeoutMs: Infinity,
    });
    await new Promise((r) => setTimeout(r, 200));
    await proc.stop();
    const result = await proc.done;
    expect(result.stopped).toBe(true);
  });
});

describe('writeAtomically', () => {
  it('leaves nothing at the final path when the writer fails', async () => {
    const out = join(dir, 'sub', 'clip.mp4');
    await mkdir(join(dir, 'sub'), { recursive: true });
    await expect(
      writeAtomically(out, async (tmp) => {
        await writeFile(tmp, 'half');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(out)).toBe(false);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(join(dir, 'sub'))).toEqual([]);
  });
});
