import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { DEFAULT_KILL_GRACE_MS, DEFAULT_STDERR_TAIL_BYTES } from '../constants';
import { FfmpegAbortedError, FfmpegExitError, FfmpegNotFoundError, FfmpegTimeoutError, MediaError } from '../errors';
import { resolveFfmpeg } from './resolve';

/** Options of one ffmpeg run. */
export interface FfmpegRunOptions {
  /** Kill ffmpeg (SIGKILL) and reject with FfmpegTimeoutError after this many ms. `Infinity` = no timeout (long-running encoders stopped with `stop()`). */
  timeoutMs: number;
  /** Kill ffmpeg and reject with FfmpegAbortedError when this fires. */
  signal?: AbortSignal;
  /**
   * Bytes written to ffmpeg's stdin (then closed), a stream piped into it, or `'pipe'` to get a
   * writable `handle.stdin` (with `startFfmpeg`). Unset: ffmpeg gets no stdin.
   */
  stdin?: Uint8Array | Readable | 'pipe';
  /** Called with each stdout chunk. When set, stdout is not collected unless `collectStdout` is true. */
  onStdout?: (chunk: Buffer) => void;
  /**
   * Collect stdout into `result.stdout`.
   * @default true when `onStdout` is unset
   */
  collectStdout?: boolean;
  /**
   * Extra output pipes: ffmpeg gets this many more writable fds, 3, 4, … (name them `pipe:3`,
   * `pipe:4`, … in the args). Their bytes go to `onPipeData` or are collected into `result.pipes`.
   * Lets one run return several outputs without temp files.
   * @default 0
   */
  extraPipes?: number;
  /** Called with each chunk read from an extra pipe (`fd` is 3, 4, …). When set, extra pipes are not collected. */
  onPipeData?: (fd: number, chunk: Buffer) => void;
  /** Called with each complete stderr line (useful for `showinfo`/progress parsing). */
  onStderrLine?: (line: string) => void;
  /** Working directory of the process. */
  cwd?: string;
  /**
   * Binary to run.
   * @default resolveFfmpeg()
   */
  ffmpegPath?: string;
  /**
   * Bytes of stderr kept for the error / result.
   * @default 8192
   */
  stderrTailBytes?: number;
  /**
   * Grace between SIGTERM and SIGKILL in `stop()`.
   * @default 2000
   */
  killGraceMs?: number;
  /** Paths (files or directories) removed if the run fails, times out or is aborted. */
  cleanupOnFailure?: readonly string[];
  /**
   * Prepend `-hide_banner -nostdin` (no stdin interaction) — disable only if you need ffmpeg's keyboard interaction.
   * @default true
   */
  quiet?: boolean;
}

/** What a finished ffmpeg run returns. */
export interface FfmpegResult {
  /** Collected stdout (empty when not collected). */
  stdout: Buffer;
  /** Collected bytes of each extra pipe (`pipes[0]` is fd 3), empty when `onPipeData` is set. */
  pipes: Buffer[];
  /** Last `stderrTailBytes` of stderr. */
  stderrTail: string;
  /**
   * Of `durationMs`, the ms Node's `spawn()` itself blocked (fork + exec; grows with the calling
   * process's memory, since libuv forks it).
   */
  spawnMs: number;
  /** Wall time of the run in ms. */
  durationMs: number;
  /** True when the run ended because `stop()` was called. */
  stopped: boolean;
}

/** A running ffmpeg process. */
export interface FfmpegProcess {
  readonly child: ChildProcess;
  /** ffmpeg's stdin when `stdin: 'pipe'` was requested (null otherwise). */
  readonly stdin: Writable | null;
  /** Settles when the process exits: resolves on exit 0 or `stop()`, rejects with a MediaError otherwise. */
  readonly done: Promise<FfmpegResult>;
  /** Stop gracefully (SIGTERM, then SIGKILL after `killGraceMs`); resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Start ffmpeg and return a handle. Every spawn in CatFinder goes through here so timeouts,
 * stderr tails, kill-on-timeout and temp-file cleanup are written once.
 */
export function startFfmpeg(args: readonly string[], options: FfmpegRunOptions): FfmpegProcess {
  const bin = options.ffmpegPath ?? resolveFfmpeg();
  const fullArgs = options.quiet === false ? [...args] : ['-hide_banner', '-nostdin', ...args];
  const tailBytes = options.stderrTailBytes ?? DEFAULT_STDERR_TAIL_BYTES;
  const started = Date.now();
  const wantsStdinPipe = options.stdin !== undefined;
  const extraPipes = options.extraPipes ?? 0;
  const spawnStarted = performance.now();
  const child = spawn(bin, fullArgs, {
    cwd: options.cwd,
    stdio: [wantsStdinPipe ? 'pipe' : 'ignore', 'pipe', 'pipe', ...Array.from({ length: extraPipes }, () => 'pipe' as const)],
  });

  const spawnMs = performance.now() - spawnStarted;
  let stderrTail = '';
  let lineBuf = '';
  const stdoutChunks: Buffer[] = [];
  const collect = options.collectStdout ?? options.onStdout === undefined;
  let reason: 'timeout' | 'abort' | 'stop' | undefined;
  let stopResolvers: Array<() => void> = [];

  child.stdout?.on('data', (chunk: Buffer) => {
    if (collect) stdoutChunks.push(chunk);
    options.onStdout?.(chunk);
  });
  const pipeChunks: Buffer[][] = Array.from({ length: extraPipes }, () => []);
  for (let i = 0; i < extraPipes; i++) {
    const stream = child.stdio[3 + i] as Readable | null | undefined;
    stream?.on('data', (chunk: Buffer) => {
      if (options.onPipeData) options.onPipeData(3 + i, chunk);
      else pipeChunks[i]?.push(chunk);
    });
  }
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-tailBytes);
    if (options.onStderrLine) {
      lineBuf += text;
      const lines = lineBuf.split(/\r?\n|\r/);
      lineBuf = lines.pop() ?? '';
      for (const line of lines) options.onStderrLine(line);
    }
  });

  if (options.stdin !== undefined && child.stdin) {
    // ffmpeg may exit before reading everything (error, or it had enough): ignore EPIPE.
    child.stdin.on('error', () => undefined);
    if (options.stdin instanceof Uint8Array) child.stdin.end(options.stdin);
    else if (options.stdin !== 'pipe') options.stdin.pipe(child.stdin);
  }

  const kill = (why: 'timeout' | 'abort'): void => {
    if (reason) return;
    reason = why;
    child.kill('SIGKILL');
  };
  const timer =
    Number.isFinite(options.timeoutMs) && options.timeoutMs > 0 ? setTimeout(() => kill('timeout'), options.timeoutMs) : undefined;
  const onAbort = (): void => kill('abort');
  if (options.signal?.aborted) queueMicrotask(onAbort);
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  const context = () => ({ args: fullArgs, stderrTail });
  const done = new Promise<FfmpegResult>((resolve, reject) => {
    let spawnError: Error | undefined;
    child.once('error', (err) => {
      spawnError = err;
    });
    child.once('close', (code, sig) => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (lineBuf && options.onStderrLine) options.onStderrLine(lineBuf);
      for (const r of stopResolvers) r();
      stopResolvers = [];
      const result: FfmpegResult = {
        stdout: Buffer.concat(stdoutChunks),
        pipes: pipeChunks.map((chunks) => Buffer.concat(chunks)),
        stderrTail,
        spawnMs,
        durationMs: Date.now() - started,
        stopped: reason === 'stop',
      };
      if (reason === 'stop') return resolve(result);
      let error: MediaError | undefined;
      if (spawnError && (spawnError as NodeJS.ErrnoException).code === 'ENOENT') {
        error = new FfmpegNotFoundError(`ffmpeg not found at ${bin}`, { file: bin, ...context() }, { cause: spawnError });
      } else if (reason === 'timeout') {
        error = new FfmpegTimeoutError(`ffmpeg timed out after ${options.timeoutMs} ms: ${describe(fullArgs)}`, options.timeoutMs, {
          ...context(),
          exitCode: code,
          signal: sig,
        });
      } else if (reason === 'abort') {
        error = new FfmpegAbortedError(`ffmpeg aborted: ${describe(fullArgs)}`, { ...context(), exitCode: code, signal: sig }, {
          cause: options.signal?.reason,
        });
      } else if (spawnError || code !== 0) {
        error = new FfmpegExitError(
          `ffmpeg failed (${sig ? `signal ${sig}` : `exit ${code}`}): ${describe(fullArgs)}\n${lastLines(stderrTail, 6)}`,
          { ...context(), exitCode: code, signal: sig },
          { cause: spawnError },
        );
      }
      if (!error) return resolve(result);
      void removePaths(options.cleanupOnFailure ?? []).finally(() => reject(error));
    });
  });

  const stop = (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      stopResolvers.push(resolve);
      if (reason) return;
      reason = 'stop';
      child.kill('SIGTERM');
      const grace = setTimeout(() => child.kill('SIGKILL'), options.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
      grace.unref();
      child.once('close', () => clearTimeout(grace));
    });
  };

  return { child, stdin: options.stdin === 'pipe' ? child.stdin : null, done, stop };
}

/** Run ffmpeg to completion. Resolves on exit 0; rejects with a typed MediaError otherwise. */
export function runFfmpeg(args: readonly string[], options: FfmpegRunOptions): Promise<FfmpegResult> {
  return startFfmpeg(args, options).done;
}

async function removePaths(paths: readonly string[]): Promise<void> {
  await Promise.all(paths.map((p) => rm(p, { recursive: true, force: true }).catch(() => undefined)));
}

function describe(args: readonly string[]): string {
  const text = args.join(' ');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split(/\r?\n/).slice(-n).join('\n');
}
