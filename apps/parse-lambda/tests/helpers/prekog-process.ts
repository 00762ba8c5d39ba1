/**
 * Runs prekog on tools/local-stack's local invoke endpoint (tools/local-stack/src/serve-prekog.ts) in its own
 * process — the way the local stack runs it — so parse's real Lambda client invokes it through
 * AWS_ENDPOINT_URL_LAMBDA. (Apps cannot import each other; a process boundary is also closer to
 * how the two functions really meet.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVE = fileURLToPath(new URL('../../../../tools/local-stack/src/serve-prekog.ts', import.meta.url));

export interface PrekogProcess {
  readonly endpoint: string;
  readonly functionName: string;
  /** Everything prekog logged (JSON lines on stderr). */
  readonly logs: string[];
  stop(): Promise<void>;
}

export async function startPrekogProcess(
  env: Record<string, string>,
  functionName = 'catfinder-prekog',
): Promise<PrekogProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SERVE, '--function-name', functionName], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  let stderrTail = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-4000);
    logs.push(...chunk.split('\n').filter((l) => l.trim() !== ''));
  });
  const ready = await new Promise<{ endpoint: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prekog did not start within 60 s: ${stderrTail}`)), 60_000);
    let buffer = '';
    let found = false;
    // stdout: the ready line, then the function's info logs (Powertools Logger) like stderr's.
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      if (found) {
        logs.push(...chunk.split('\n').filter((l) => l.trim() !== ''));
        return;
      }
      buffer += chunk;
      const line = buffer.split('\n').find((l) => l.startsWith('{"endpoint"'));
      if (line) {
        found = true;
        clearTimeout(timer);
        resolve(JSON.parse(line) as { endpoint: string });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`prekog exited with ${code}: ${stderrTail}`));
    });
  });
  return {
    endpoint: ready.endpoint,
    functionName,
    logs,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
