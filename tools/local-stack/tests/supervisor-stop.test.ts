/**
 * Ctrl-C sends SIGINT to the whole process group: ffmpeg may die of it a moment before the stack's
 * own stop begins. A normal stop prints no error line for a part the stack is stopping (or that got
 * the terminal's SIGINT during shutdown); a part dying while the stack runs is still an error.
 */
import { describe, expect, it } from 'vitest';
import { looksInterrupted, stopInOrder, Supervisor, type PartExit, type SupervisedPart } from '../src/supervisor';

/** A part whose one exit the test triggers. */
function onePart(): SupervisedPart & { kill(exit: PartExit): void } {
  let resolveExit!: (exit: PartExit) => void;
  const exit = new Promise<PartExit>((r) => (resolveExit = r));
  return {
    name: 'demo channel encoder (ffmpeg)',
    pid: () => 2864,
    exited: () => exit,
    restart: async () => undefined,
    kill: (e) => resolveExit(e),
  };
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const BY_SIGINT: PartExit = { code: null, signal: 'SIGINT', stderrTail: 'Exiting normally, received signal 2.' };
const CODE_255: PartExit = { code: 255, signal: null, stderrTail: 'Exiting normally, received signal 2.' };

describe('Supervisor and the terminal interrupt', () => {
  for (const [what, exit] of [
    ['killed by SIGINT', BY_SIGINT],
    ['exit code 255', CODE_255],
  ] as const) {
    it(`a part that ends with ${what} just before the stack stops is not reported`, async () => {
      const lines: string[] = [];
      const supervisor = new Supervisor({
        report: (l) => lines.push(l),
        fatal: () => lines.push('fatal'),
        interruptGraceMs: 300,
      });
      const part = onePart();
      supervisor.watch(part);
      part.kill(exit); // the terminal's SIGINT reached ffmpeg first …
      await wait(20);
      supervisor.stop(); // … then this process's SIGINT handler starts the stop
      await wait(400);
      expect(lines).toEqual([]);
    });
  }

  it('an interrupt while the stack keeps running is still reported, within the grace', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor({
      report: (l) => lines.push(l),
      fatal: () => lines.push('fatal'),
      interruptGraceMs: 50,
      restartDelayMs: () => 0,
    });
    const part = onePart();
    supervisor.watch(part);
    part.kill(BY_SIGINT);
    await wait(150);
    expect(lines[0]).toBe(
      'error [stack] demo channel encoder (ffmpeg) (pid 2864) exited: killed by SIGINT; last stderr: Exiting normally, received signal 2.',
    );
  });

  it('a crash is reported at once, without the grace', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor({
      report: (l) => lines.push(l),
      fatal: () => lines.push('fatal'),
      interruptGraceMs: 60_000,
      restartDelayMs: () => 0,
    });
    const part = onePart();
    supervisor.watch(part);
    part.kill({ code: 1, signal: null, stderrTail: 'Conversion failed!' });
    await wait(5);
    expect(lines[0]).toBe(
      'error [stack] demo channel encoder (ffmpeg) (pid 2864) exited: exit code 1; last stderr: Conversion failed!',
    );
  });

  it('tells an interrupt from a crash', () => {
    expect(looksInterrupted(BY_SIGINT)).toBe(true);
    expect(looksInterrupted(CODE_255)).toBe(true);
    expect(looksInterrupted({ code: null, signal: 'SIGTERM', stderrTail: '' })).toBe(true);
    expect(looksInterrupted({ code: null, signal: 'SIGKILL', stderrTail: '' })).toBe(false);
    expect(looksInterrupted({ code: 1, signal: null, stderrTail: '' })).toBe(false);
    expect(looksInterrupted({ code: null, signal: 'SIGSEGV', stderrTail: '' })).toBe(false);
  });
});

describe("the stack's stop", () => {
  it('tells the supervisor before its slow steps, so a part dying meanwhile is not reported', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor({ report: (l) => lines.push(l), fatal: () => lines.push('fatal') });
    const part = onePart();
    supervisor.watch(part);
    const order: string[] = [];
    // The pipeline's stop (a parse run finishing its segment) takes a while; ffmpeg dies meanwhile.
    const pipelineStop = async (): Promise<void> => {
      part.kill({ code: null, signal: 'SIGKILL', stderrTail: '' });
      await wait(50);
      order.push('pipeline');
    };
    await stopInOrder(supervisor, [async () => void order.push('parts'), pipelineStop]);
    expect(order).toEqual(['pipeline', 'parts']);
    expect(lines).toEqual([]);
  });
});
