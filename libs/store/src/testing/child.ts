/** Starts one stand-in server as a child process and waits for its `{"port":N}` line. */
import { spawn, type ChildProcess } from 'node:child_process';
import { StoreError } from '../errors';

/** How a child server ended: exit code or signal, and the last lines it wrote to stderr. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderrTail: string;
}

/** A running child server. */
export interface ChildServer {
  readonly port: number;
  readonly process: ChildProcess;
  /** Resolves when the process exits, for whatever reason (supervisors watch it). */
  readonly exit: Promise<ChildExit>;
  /** Stops it: SIGTERM (graceful) or SIGKILL (a crash). Resolves when the process has exited. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

export async function startChildServer(
  name: string,
  script: URL,
  args: readonly string[],
  execArgv: readonly string[],
  timeoutMs: number,
): Promise<ChildServer> {
  // Own process group: a Ctrl-C in the terminal reaches only the parent, which stops the stand-ins
  // after the handlers have finished with them. The open stdin pipe ends the child if the parent dies.
  const child = spawn(process.execPath, [...execArgv, script.pathname, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  const exit = new Promise<ChildExit>((resolve) =>
    child.once('exit', (code, signal) =>
      resolve({ code, signal, stderrTail: stderr.trim().split('\n').slice(-5).join('\n') }),
    ),
  );
  const exited = exit.then(() => undefined);
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new StoreError(`${name} did not start within ${timeoutMs} ms; stderr: ${stderr.trim() || '(empty)'}`, {
          operation: `start ${name}`,
        }),
      );
    }, timeoutMs);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (d: string) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new StoreError(
          `${name} exited before listening (code ${code}, signal ${signal}); stderr: ${stderr.trim() || '(empty)'}`,
          { operation: `start ${name}` },
        ),
      );
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(
        new StoreError(`${name} could not be spawned: ${err.message}`, { operation: `start ${name}`, cause: err }),
      );
    });
  });
  return {
    port,
    process: child,
    exit,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}
