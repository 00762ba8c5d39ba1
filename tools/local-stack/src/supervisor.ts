/**
 * Watches the processes the local stack starts (the DynamoDB and S3 stand-ins, the demo channel's
 * encoder): a part that exits is reported at once with its exit code or signal and the last lines
 * of its stderr, then restarted — at most `maxRestarts` times within `windowMs`, so a part that
 * cannot live (a full disk, a broken install) does not restart forever. When it cannot be
 * restarted, `fatal` gets one LocalStackError and the stack stops.
 */
import { LocalStackError } from './errors';

/** How a supervised process ended. */
export interface PartExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderrTail: string;
}

/** A process the stack started and keeps alive. */
export interface SupervisedPart {
  /** For people: `DynamoDB stand-in (dynalite)`. */
  readonly name: string;
  pid(): number | undefined;
  /** Resolves when the current process exits. */
  exited(): Promise<PartExit>;
  /** Starts it again; absent when a new process would not be the same part (its exit is fatal). */
  restart?(): Promise<void>;
}

export interface SupervisorOptions {
  /** One line per event, as the rest of the stack's output. */
  readonly report: (line: string) => void;
  /** Called once when a part is down for good. */
  readonly fatal: (error: LocalStackError) => void;
  /** @default 3 */
  readonly maxRestarts?: number;
  /** @default 600000 (10 min) */
  readonly windowMs?: number;
  /** Wait before the n-th restart within the window. @default {@link restartDelayMs} */
  readonly restartDelayMs?: (n: number) => number;
  /** A hint appended to the final message (e.g. the data folder's disk is full). */
  readonly hint?: () => string | undefined;
  /**
   * How long an exit that looks like an interrupt ({@link looksInterrupted}) waits for the stack's
   * own stop before it is reported: Ctrl-C sends SIGINT to the whole process group, so a child may
   * die of it a moment before this process's handler starts the stop. @default {@link INTERRUPT_GRACE_MS}
   */
  readonly interruptGraceMs?: number;
}

/** Default of {@link SupervisorOptions.interruptGraceMs}: far more than a signal handler needs, short enough to be "at once". */
export const INTERRUPT_GRACE_MS = 1000;

/**
 * Whether a part ended the way the terminal's Ctrl-C ends it: killed by SIGINT/SIGTERM/SIGHUP, or
 * an exit code programs use after catching one (ffmpeg 255, shells and Node 130, and 0: a server
 * part exits cleanly only when a signal handler tells it to, as the stand-ins do).
 */
export function looksInterrupted(exit: PartExit): boolean {
  if (exit.signal !== null) return exit.signal === 'SIGINT' || exit.signal === 'SIGTERM' || exit.signal === 'SIGHUP';
  return exit.code === 255 || exit.code === 130 || exit.code === 0;
}

/** The exit in words: `killed by SIGKILL` / `exit code 1`, plus stderr's last lines. */
export function describeExit(exit: PartExit): string {
  const how = exit.signal !== null ? `killed by ${exit.signal}` : `exit code ${exit.code ?? '?'}`;
  // The reason, not Node's stack frames or version banner around it.
  const lines = exit.stderrTail
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^at\s/.test(l) && !/^Node\.js v\d/.test(l) && !/^[{}]$/.test(l));
  return lines.length === 0 ? how : `${how}; last stderr: ${lines.slice(-3).join(' | ')}`;
}

/** Wait before restart `n` (1-based): 0.5 s, 1 s, 2 s … so a cause that clears in seconds can. */
export function restartDelayMs(n: number): number {
  return 500 * 2 ** (n - 1);
}

export class Supervisor {
  private stopping = false;
  private readonly restarts = new Map<string, number[]>();
  constructor(private readonly options: SupervisorOptions) {}

  /** Starts watching `part` (until {@link stop}). */
  watch(part: SupervisedPart): void {
    void this.loop(part);
  }

  /** Restarts of `name` so far. */
  restartCount(name: string): number {
    return this.restarts.get(name)?.length ?? 0;
  }

  /** Exits after this are the stack stopping them, not failures (the stack calls it first thing when it stops). */
  stop(): void {
    this.stopping = true;
  }

  private hintText(): string {
    const hint = this.options.hint?.();
    return hint === undefined ? '' : ` (${hint})`;
  }

  private async loop(part: SupervisedPart): Promise<void> {
    const max = this.options.maxRestarts ?? 3;
    const windowMs = this.options.windowMs ?? 600_000;
    for (;;) {
      const pid = part.pid();
      const exit = await part.exited();
      if (this.stopping) return;
      // The terminal's Ctrl-C may reach the part first: give the stack's stop its moment.
      if (looksInterrupted(exit)) await sleep(this.options.interruptGraceMs ?? INTERRUPT_GRACE_MS);
      if (this.stopping) return;
      const reason = describeExit(exit);
      this.options.report(`error [stack] ${part.name} (pid ${pid ?? '?'}) exited: ${reason}`);
      const times = (this.restarts.get(part.name) ?? []).filter((t) => Date.now() - t < windowMs);
      this.restarts.set(part.name, times);
      if (part.restart === undefined || times.length >= max) {
        const why =
          part.restart === undefined
            ? 'it cannot be restarted'
            : `its restart limit is reached (${max} within ${windowMs / 60_000} min)`;
        this.options.fatal(
          new LocalStackError(`${part.name} exited (${reason}) and ${why}; stopping the local stack${this.hintText()}`),
        );
        return;
      }
      times.push(Date.now());
      await sleep(this.options.restartDelayMs?.(times.length) ?? restartDelayMs(times.length));
      if (this.stopping) return;
      try {
        await part.restart();
      } catch (error) {
        if (this.stopping) return;
        this.options.fatal(
          new LocalStackError(
            `${part.name} exited (${reason}) and could not be restarted: ${(error as Error).message}; stopping the local stack${this.hintText()}`,
          ),
        );
        return;
      }
      if (this.stopping) return;
      this.options.report(
        `warn [stack] ${part.name} restarted (pid ${part.pid() ?? '?'}; restart ${times.length} of at most ${max} within ${windowMs / 60_000} min)`,
      );
    }
  }
}

/**
 * The stack's stop: the supervisor first — from here on the parts end because the stack stops them
 * (the pipeline's own stop may take seconds, while the terminal's Ctrl-C already ended ffmpeg), so
 * no error line — then the cleanup steps, last started first (each step's failure is ignored: the
 * others still run).
 */
export async function stopInOrder(supervisor: Pick<Supervisor, 'stop'>, steps: (() => Promise<void>)[]): Promise<void> {
  supervisor.stop();
  for (const step of steps.splice(0).reverse()) await step().catch(() => undefined);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
