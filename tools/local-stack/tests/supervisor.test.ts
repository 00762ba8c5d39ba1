/** The supervisor's decisions, on a stand-in part whose exits the test controls. */
import { describe, expect, it } from 'vitest';
import { LocalStackError } from '../src/errors';
import { describeExit, Supervisor, type PartExit, type SupervisedPart } from '../src/supervisor';

/** A part that exits whenever `kill` is called and may fail to restart. */
function fakePart(restartFails = false): SupervisedPart & { kill(exit: PartExit): void; pids: number[] } {
  let pid = 100;
  let resolveExit!: (exit: PartExit) => void;
  let exit = new Promise<PartExit>((r) => (resolveExit = r));
  const pids = [pid];
  return {
    name: 'fake part',
    pids,
    pid: () => pid,
    exited: () => exit,
    restart: async () => {
      if (restartFails) throw new Error('EADDRINUSE');
      pid += 1;
      pids.push(pid);
      exit = new Promise<PartExit>((r) => (resolveExit = r));
    },
    kill: (e) => resolveExit(e),
  };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

describe('Supervisor', () => {
  it('reports each exit, restarts within the limit, then stops the stack once with a hint', async () => {
    const lines: string[] = [];
    const fatal: LocalStackError[] = [];
    const supervisor = new Supervisor({
      report: (l) => lines.push(l),
      fatal: (e) => fatal.push(e),
      maxRestarts: 2,
      restartDelayMs: () => 0,
      hint: () => 'the disk of /d has 3 MiB free',
    });
    const part = fakePart();
    supervisor.watch(part);
    for (let i = 0; i < 3; i++) {
      part.kill({ code: 1, signal: null, stderrTail: 'boom' });
      await tick();
    }
    expect(lines).toEqual([
      'error [stack] fake part (pid 100) exited: exit code 1; last stderr: boom',
      'warn [stack] fake part restarted (pid 101; restart 1 of at most 2 within 10 min)',
      'error [stack] fake part (pid 101) exited: exit code 1; last stderr: boom',
      'warn [stack] fake part restarted (pid 102; restart 2 of at most 2 within 10 min)',
      'error [stack] fake part (pid 102) exited: exit code 1; last stderr: boom',
    ]);
    expect(fatal.map((e) => e.message)).toEqual([
      'fake part exited (exit code 1; last stderr: boom) and its restart limit is reached (2 within 10 min); stopping the local stack (the disk of /d has 3 MiB free)',
    ]);
    expect(supervisor.restartCount('fake part')).toBe(2);
  });

  it('gives up at once when the restart itself fails', async () => {
    const fatal: LocalStackError[] = [];
    const supervisor = new Supervisor({
      report: () => undefined,
      fatal: (e) => fatal.push(e),
      restartDelayMs: () => 0,
    });
    const part = fakePart(true);
    supervisor.watch(part);
    part.kill({ code: null, signal: 'SIGKILL', stderrTail: '' });
    await tick();
    expect(fatal.map((e) => e.message)).toEqual([
      'fake part exited (killed by SIGKILL) and could not be restarted: EADDRINUSE; stopping the local stack',
    ]);
  });

  it('ignores exits once stopped (the stack stopping its parts)', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor({ report: (l) => lines.push(l), fatal: () => lines.push('fatal') });
    const part = fakePart();
    supervisor.watch(part);
    supervisor.stop();
    part.kill({ code: 0, signal: null, stderrTail: '' });
    await tick();
    expect(lines).toEqual([]);
  });

  it('keeps the reason from stderr, not the stack frames and Node banner', () => {
    const stderrTail =
      "[Error: IO error: /d/dynamodb/000003.log: No space left on device] {\n  code: 'LEVEL_IO_ERROR'\n}\n\nNode.js v20.20.2";
    expect(describeExit({ code: 1, signal: null, stderrTail })).toBe(
      "exit code 1; last stderr: [Error: IO error: /d/dynamodb/000003.log: No space left on device] { | code: 'LEVEL_IO_ERROR'",
    );
    const framed =
      'Error: Database is closed\n    at /x/dynalite/db/index.js:265:17\n    at process.processTicksAndRejections (node:internal)\n\nNode.js v20.20.2';
    expect(describeExit({ code: 1, signal: null, stderrTail: framed })).toBe(
      'exit code 1; last stderr: Error: Database is closed',
    );
  });
});

describe('heartbeat', () => {
  it('reports a stall once and the recovery once', async () => {
    const { startHeartbeat } = await import('../src/heartbeat');
    const lines: string[] = [];
    const heartbeat = startHeartbeat({ report: (l) => lines.push(l), stallMs: 30, everyMs: 5 });
    const seen: string[] = [];
    const sink = heartbeat.watch({ info: (m) => seen.push(m), warn: (m) => seen.push(m), error: (m) => seen.push(m) });
    await new Promise((r) => setTimeout(r, 80));
    sink.info('segment processed', { sequence: 1 });
    sink.warn('gap', {});
    heartbeat.stop();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^error \[stack\] no segment processed for \d+ s \(since the stack started\)/);
    expect(lines[1]).toBe('warn [stack] segments are processed again');
    expect(seen).toEqual(['segment processed', 'gap']);
  });
});
