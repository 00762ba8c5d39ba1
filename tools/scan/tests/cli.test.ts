/** The command itself, as a user runs it: exit status and one clear message on stderr. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../src/progress';
import { notMedia } from './helpers/inputs';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run scan', () => {
  it('exits 1 with one line naming a file that is not media', async () => {
    const input = await notMedia();
    const result = await runCli([input]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `scan: ${input}: is not a media file (ffmpeg finds no known container in it)`,
    ]);
    expect(result.stdout).toBe('');
  });

  it('exits 2 on a bad option, with the usage', async () => {
    const result = await runCli(['x.mp4', '--detector', 'psychic']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--detector must be local or rekognition, got "psychic"');
    const labels = await runCli(['x.mp4', '--label', 'Cat:101']);
    expect(labels.code).toBe(2);
    expect(labels.stderr).toMatch(/--label: .*minConfidence "101" must be a number from 0 to 100/);
  });

  it('exits 2 with one line naming an --out that is a file (no file-system error dump)', async () => {
    const input = await notMedia();
    const result = await runCli([input, '--out', input]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([`scan: --out ${input}: is a file, not a folder`]);
    expect(result.stdout).toBe('');
  });
});

describe('progress', () => {
  const fakeStream = (isTTY: boolean): { stream: NodeJS.WriteStream; written: string[] } => {
    const written: string[] = [];
    return { stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream, written };
  };

  it('redraws one bar line in place on a terminal', () => {
    const { stream, written } = fakeStream(true);
    const progress = createProgress(stream);
    progress.update({ mediaSeconds: 150, totalSeconds: 600, wallSeconds: 30, clips: 2, parts: 75 });
    progress.done();
    expect(written[0]).toBe('\r\x1b[2K[######..................] 25% 00:02:30 / 00:10:00  5.0x realtime  clips=2');
    expect(written[1]).toBe('\n');
  });

  it('writes plain lines, at most one per 5 s, elsewhere', () => {
    const { stream, written } = fakeStream(false);
    const progress = createProgress(stream);
    progress.update({ mediaSeconds: 10, wallSeconds: 2, clips: 0, parts: 5 });
    progress.update({ mediaSeconds: 12, wallSeconds: 2.4, clips: 0, parts: 6 });
    expect(written).toEqual(['scan: 00:00:10  5.0x realtime  clips=0\n']);
  });
});
