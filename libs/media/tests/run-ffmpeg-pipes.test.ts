import { describe, expect, it } from 'vitest';
import { runFfmpeg } from '../src/index';

describe('runFfmpeg extra output pipes', () => {
  it('returns each output of one run on its own pipe (stdout and fd 3, 4)', async () => {
    const result = await runFfmpeg(
      [
        '-f',
        'lavfi',
        '-i',
        'color=c=white:s=8x8:d=0.3:r=10',
        '-map',
        '0:v',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'gray',
        'pipe:1',
        '-map',
        '0:v',
        '-vf',
        'scale=4:4',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'gray',
        'pipe:3',
        '-map',
        '0:v',
        '-frames:v',
        '1',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'gray',
        'pipe:4',
      ],
      { timeoutMs: 10_000, extraPipes: 2 },
    );
    expect(result.stdout.length).toBe(3 * 64);
    expect(result.pipes.map((p) => p.length)).toEqual([3 * 16, 64]);
    expect(new Set(result.pipes[1])).toEqual(new Set([255]));
  });

  it('streams extra pipe chunks to onPipeData instead of collecting them', async () => {
    const seen: Array<[number, number]> = [];
    const result = await runFfmpeg(
      ['-f', 'lavfi', '-i', 'color=s=8x8:d=0.2:r=10', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:3'],
      {
        timeoutMs: 10_000,
        extraPipes: 1,
        onPipeData: (fd, chunk) => seen.push([fd, chunk.length]),
      },
    );
    expect(seen.every(([fd]) => fd === 3)).toBe(true);
    expect(seen.reduce((n, [, len]) => n + len, 0)).toBe(2 * 64);
    expect(result.pipes).toEqual([Buffer.alloc(0)]);
  });
});
