import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { DEFAULT_KILL_GRACE_MS, DEFAULT_STDERR_TAIL_BYTES } from '../constants';
import {
  FfmpegAbortedError,
  FfmpegExitError,
  FfmpegInterruptedError,
  FfmpegNotFoundError,
  FfmpegTimeoutError,
  MediaError,
} from '../errors';
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
  const started = Date.now();
  const extraPipes = options.extraPipes ?? 0;
  const spawnStarted = performance.now();
  const child = spawn(bin, fullArgs, {
    cwd: options.cwd,
    stdio: [
      options.stdin !== undefined ? 'pipe' : 'ignore',
      'pipe',
      'pipe',
      ...Array.from({ length: extraPipes }, () => 'pipe' as const),
    ],
  });
  const spawnMs = performance.now() - spawnStarted;
  const output = collectOutput(child, options);
  feedStdin(child, options);
  const control = new RunControl(child, options);
  const done = new Promise<FfmpegResult>((resolve, reject) => {
    let spawnError: Error | undefined;
    child.once('error', (err) => {
      spawnError = err;
    });
    child.once('close', (code, sig) => {
      output.flush();
      control.closed();
      const result = output.result(spawnMs, Date.now() - started, control.reason === 'stop');
      if (control.reason === 'stop') return resolve(result);
      const error = exitError({
        bin,
        args: fullArgs,
        options,
        stderrTail: output.stderrTail,
        reason: control.reason,
        code,
        sig,
        spawnError,
      });
      if (!error) return resolve(result);
      void removePaths(options.cleanupOnFailure ?? []).finally(() => reject(error));
    });
  });
  return { child, stdin: options.stdin === 'pipe' ? child.stdin : null, done, stop: () => control.stop() };
}

/** What a run keeps of its outputs: stdout and extra pipes (unless streamed), the stderr tail and its lines. */
interface CollectedOutput {
  readonly stderrTail: string;
  /** Hands a last unterminated stderr line to `onStderrLine`. */
  flush(): void;
  result(spawnMs: number, durationMs: number, stopped: boolean): FfmpegResult;
}

function collectOutput(child: ChildProcess, options: FfmpegRunOptions): CollectedOutput {
  const tailBytes = options.stderrTailBytes ?? DEFAULT_STDERR_TAIL_BYTES;
  const collect = options.collectStdout ?? options.onStdout === undefined;
  const stdoutChunks: Buffer[] = [];
  let stderrTail = '';
  let lineBuf = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    if (collect) stdoutChunks.push(chunk);
    options.onStdout?.(chunk);
  });
  const pipeChunks: Buffer[][] = Array.from({ length: options.extraPipes ?? 0 }, () => []);
  pipeChunks.forEach((chunks, i) => {
    const stream = child.stdio[3 + i] as Readable | null | undefined;
    stream?.on('data', (chunk: Buffer) => {
      if (options.onPipeData) options.onPipeData(3 + i, chunk);
      else chunks.push(chunk);
    });
  });
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
  return {
    get stderrTail() {
      return stderrTail;
    },
    flush: () => {
      if (lineBuf && options.onStderrLine) options.onStderrLine(lineBuf);
    },
    result: (spawnMs, durationMs, stopped) => ({
      stdout: Buffer.concat(stdoutChunks),
      pipes: pipeChunks.map((chunks) => Buffer.concat(chunks)),
      stderrTail,
      spawnMs,
      durationMs,
      stopped,
    }),
  };
}

function feedStdin(child: ChildProcess, options: FfmpegRunOptions): void {
  if (options.stdin === undefined || !child.stdin) return;
  // ffmpeg may exit before reading everything (error, or it had enough): ignore EPIPE.
  child.stdin.on('error', () => undefined);
  if (options.stdin instanceof Uint8Array) child.stdin.end(options.stdin);
  else if (options.stdin !== 'pipe') options.stdin.pipe(child.stdin);
}

/** Why a run ended early: the first of timeout, abort or `stop()` wins. */
type EndReason = 'timeout' | 'abort' | 'stop';

/** The run's timeout, abort listener and graceful stop; `closed()` releases them when the process exits. */
class RunControl {
  reason: EndReason | undefined;
  private stopResolvers: Array<() => void> = [];
  private readonly timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onAbort = (): void => this.kill('abort');

  constructor(
    private readonly child: ChildProcess,
    private readonly options: FfmpegRunOptions,
  ) {
    this.timer =
      Number.isFinite(options.timeoutMs) && options.timeoutMs > 0
        ? setTimeout(() => this.kill('timeout'), options.timeoutMs)
        : undefined;
    if (options.signal?.aborted) queueMicrotask(this.onAbort);
    else options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  closed(): void {
    if (this.timer) clearTimeout(this.timer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    for (const r of this.stopResolvers) r();
    this.stopResolvers = [];
  }

  stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.stopResolvers.push(resolve);
      if (this.reason) return;
      this.reason = 'stop';
      child.kill('SIGTERM');
      const grace = setTimeout(() => child.kill('SIGKILL'), this.options.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
      grace.unref();
      child.once('close', () => clearTimeout(grace));
    });
  }

  private kill(why: 'timeout' | 'abort'): void {
    if (this.reason) return;
    this.reason = why;
    this.child.kill('SIGKILL');
  }
}

interface ExitFacts {
  bin: string;
  args: readonly string[];
  options: FfmpegRunOptions;
  stderrTail: string;
  reason: EndReason | undefined;
  code: number | null;
  sig: NodeJS.Signals | null;
  spawnError: Error | undefined;
}

/** ffmpeg's last words when it exits on a SIGINT/SIGTERM it caught (`Exiting normally, received signal 2.`). */
const RECEIVED_SIGNAL = /received signal \d+\.?\s*$/;

/** The typed error for how the process ended, or undefined for a clean exit 0. */
function exitError(f: ExitFacts): MediaError | undefined {
  const context = { args: f.args, stderrTail: f.stderrTail };
  const exit = { ...context, exitCode: f.code, signal: f.sig };
  if (f.spawnError && (f.spawnError as NodeJS.ErrnoException).code === 'ENOENT') {
    return new FfmpegNotFoundError(
      `ffmpeg not found at ${f.bin}`,
      { file: f.bin, ...context },
      { cause: f.spawnError },
    );
  }
  if (f.reason === 'timeout')
    return new FfmpegTimeoutError(
      `ffmpeg timed out after ${f.options.timeoutMs} ms: ${describe(f.args)}`,
      f.options.timeoutMs,
      exit,
    );
  if (f.reason === 'abort')
    return new FfmpegAbortedError(`ffmpeg aborted: ${describe(f.args)}`, exit, { cause: f.options.signal?.reason });
  if (!f.spawnError && (f.sig !== null || (f.code !== 0 && RECEIVED_SIGNAL.test(f.stderrTail))))
    return new FfmpegInterruptedError(
      `ffmpeg interrupted (${f.sig ? `signal ${f.sig}` : `exit ${f.code} on a signal`}): ${describe(f.args)}`,
      exit,
    );
  if (f.spawnError || f.code !== 0) {
    return new FfmpegExitError(
      `ffmpeg failed (${f.sig ? `signal ${f.sig}` : `exit ${f.code}`}): ${describe(f.args)}\n${lastLines(f.stderrTail, 6)}`,
      exit,
      {
        cause: f.spawnError,
      },
    );
  }
  return undefined;
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
