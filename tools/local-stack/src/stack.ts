/**
 * The whole system on one machine, wired exactly as on AWS but with local parts: DynamoDB and
 * S3 stand-ins (the S3 one also serves the dashboard), a Lambda invoke endpoint that runs the
 * parse and prekog handlers in this process, a scheduler in place of EventBridge, the local
 * detector, and the demo channel unless a real channel is given.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { parseHostList, type StartPosition } from '@catfinder/hls';
import {
  SHOWCASE_PROGRAMME,
  startDemoChannel,
  type DemoChannel,
  type DemoChannelOptions,
} from '@catfinder/demo-channel';
// The local stack runs the two Lambda handlers in-process, which is what a tool may do and a lib
// may not; the rule's blanket "no imports of apps" is lifted for these two lines only.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createParseClients, createParseDeps, readParseConfig, runParse } from '@catfinder/parse-lambda';
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  createPrekogClients,
  createPrekogDeps,
  parsePrekogEvent,
  readPrekogConfig,
  runPrekog,
} from '@catfinder/prekog-lambda';
import { createStore } from '@catfinder/store';
import { startStandIns } from '@catfinder/store/testing';
import { startInvokeEndpoint, type InvokeEndpoint } from './invoke-endpoint';
import {
  DEFAULT_DATA_DIR,
  DEFAULT_PORT,
  DEFAULT_SCHEDULE_SECONDS,
  PARSE_FUNCTION,
  PREKOG_FUNCTION,
  PREKOG_TIMEOUT_MS,
  STAND_IN_NAME,
} from './constants';
import { publishDashboard, WEB_DIST_DIR } from './dashboard';
import { checkDataDir, createDataDir } from './data-dir';
import { checkNotLocked, lockDataDir } from './data-lock';
import { watchDataDir, type DataWatch } from './data-watch';
import { LocalStackError, StartAbortedError } from './errors';
import { checkHandlerEnv, handlerEnv } from './handler-env';
import { checkHlsUrl, checkPortFree } from './preflight';
import { startHeartbeat } from './heartbeat';
import { progressSink, type LogSink } from './progress';
import { startScheduler, type Scheduler } from './scheduler';
import { stopInOrder, Supervisor, type SupervisedPart } from './supervisor';
import type { StandIns } from '@catfinder/store/testing';

export { checkHandlerEnv, handlerEnv, type HandlerEnvParts } from './handler-env';

/** Options of {@link startLocalStack}; the CLI maps its flags onto these. */
export interface LocalStackOptions {
  /** Port of the dashboard / S3 stand-in (0 = free port). @default 4600 */
  readonly port?: number;
  /** Persistent data folder. @default `.catfinder` in the current directory */
  readonly dataDir?: string;
  /** A real channel instead of the demo channel. */
  readonly hlsUrl?: string;
  /**
   * The channel's id (the handlers' `CHANNEL_ID`): its rows, media keys and feed entries. Another
   * id in the same data folder is simply another channel's rows beside the old ones. @default 'demo'
   */
  readonly channelId?: string;
  /** Watched labels, in the LABELS syntax `Name[:minConfidence[:preRoll[:postRoll]]]`. @default ['Cat'] */
  readonly labels?: readonly string[];
  /** Seconds between parse invocations. @default 60 */
  readonly scheduleSeconds?: number;
  /** Where a channel with no saved position starts (the handlers' `START`). @default the handler's (live) */
  readonly start?: StartPosition;
  /** Seconds behind live past which the follower skips to the live edge (`MAX_LAG_SECONDS`). @default the handler's (60) */
  readonly maxLagSeconds?: number;
  /**
   * Demo channel options (ignored with `hlsUrl`). @default the showcase programme (a person,
   * Eileen Collins, whom the demo face gallery names; a cat; a cat walking into a scene)
   */
  readonly demo?: DemoChannelOptions;
  /** Further handler variables (CUT_THRESHOLD, SAMPLE_INTERVAL, EXIT_SAMPLES, …). */
  readonly env?: Readonly<Record<string, string>>;
  /** Structured JSON log lines instead of readable progress. @default false */
  readonly json?: boolean;
  /** Where lines go. @default stdout */
  readonly write?: (line: string) => void;
  /** Built dashboard folder. @default apps/web/dist */
  readonly webDist?: string;
  /** Restarts of one crashed part allowed within 10 minutes before the stack gives up. @default 3 */
  readonly maxRestarts?: number;
  /** How often the data folder is checked (ms). @default 2000 */
  readonly dataCheckMs?: number;
  /** Free disk space under which a warning is printed (bytes). @default 200 MiB */
  readonly minFreeBytes?: number;
  /** Seconds without a processed segment after which the stack says the pipeline is stuck. @default 180 */
  readonly stallSeconds?: number;
  /**
   * Aborts the start-up (the CLI's Ctrl-C before the stack runs): the step under way finishes,
   * whatever has started is stopped (lock released, channel's temporary folder removed) and the
   * start rejects with StartAbortedError. Once started, stop with {@link LocalStack.stop}.
   */
  readonly signal?: AbortSignal;
}

export interface LocalStack {
  /** The dashboard; feeds are at `feeds/…` and media at `clips/…`, `samples/…` under it. */
  readonly dashboardUrl: string;
  readonly hlsUrl: string;
  /** The demo channel, when it runs (tests read its schedule). */
  readonly demo?: DemoChannel;
  /** The environment the handlers run with. */
  readonly env: Readonly<Record<string, string>>;
  readonly invokeEndpoint: InvokeEndpoint;
  /** The processes the stack supervises, with their current pid and restarts so far. */
  processes(): { name: string; pid: number | undefined; restarts: number }[];
  /**
   * Resolves (never rejects) if the stack stopped itself: a part down for good, the data folder
   * removed. The stack is already stopped then; the CLI prints the message and exits 1.
   */
  readonly failure: Promise<LocalStackError>;
  /** Stops everything: scheduler, running handlers (at their next segment), channel, stand-ins. */
  stop(): Promise<void>;
}

type Cleanups = (() => Promise<void>)[];

export const DYNAMODB_PART = 'DynamoDB stand-in (dynalite)';
export const S3_PART = 'S3 stand-in (s3rver)';
export const CHANNEL_PART = 'demo channel encoder (ffmpeg)';

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const port = options.port ?? DEFAULT_PORT;
  const checkpoint = (): void => {
    if (options.signal?.aborted) throw new StartAbortedError();
  };
  // Before anything is created or started: the handlers must accept the environment they get.
  checkHandlerEnv(options);
  checkpoint();
  await preflight(options, dataDir, port).catch((error: unknown) => {
    checkpoint();
    throw error;
  });
  checkpoint();
  await createDataDir(dataDir);
  const lock = await lockDataDir(dataDir);
  const cleanups: Cleanups = [() => lock.release()];
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= stopInOrder(supervisor, cleanups));
  let resolveFailure!: (error: LocalStackError) => void;
  const failure = new Promise<LocalStackError>((r) => (resolveFailure = r));
  const fatal = (error: LocalStackError): void => {
    if (stopped !== undefined) return;
    write(`error [stack] ${error.message}`);
    void stop().then(() => resolveFailure(error));
  };
  let watch: DataWatch | undefined;
  const supervisor = new Supervisor({
    report: write,
    fatal,
    hint: () => watch?.lowDisk(),
    ...(options.maxRestarts === undefined ? {} : { maxRestarts: options.maxRestarts }),
  });
  try {
    if (lock.staleFrom !== undefined)
      write(
        `warn [stack] took over the lock of a stack that is gone (pid ${lock.staleFrom.pid}, started ${lock.staleFrom.startedAt})`,
      );
    const { standIns, demo } = await startParts(options, dataDir, port, cleanups);
    checkpoint();
    const parts = supervisedParts(standIns, demo);
    for (const part of parts) supervisor.watch(part);
    watch = watchDataDir({
      dataDir,
      required: [lock.path, standIns.dynamodb.dataDir, standIns.s3.dataDir],
      report: write,
      fatal,
      ...(options.dataCheckMs === undefined ? {} : { everyMs: options.dataCheckMs }),
      ...(options.minFreeBytes === undefined ? {} : { minFreeBytes: options.minFreeBytes }),
    });
    cleanups.push(async () => watch?.stop());
    const wired = await startPipeline(options, { standIns, demo, dataDir, write, cleanups });
    checkpoint();
    return {
      dashboardUrl: standIns.siteUrl,
      hlsUrl: wired.hlsUrl,
      ...(demo === undefined ? {} : { demo }),
      env: wired.env,
      invokeEndpoint: wired.invokeEndpoint,
      processes: () => parts.map((p) => ({ name: p.name, pid: p.pid(), restarts: supervisor.restartCount(p.name) })),
      failure,
      stop,
    };
  } catch (error) {
    await stop();
    // A part killed by the same Ctrl-C (it reaches the whole process group) is the interrupt, not a failure.
    throw options.signal?.aborted ? new StartAbortedError() : error;
  }
}

/**
 * The checks that change nothing, in the order a person fixes them: the data folder is usable and
 * not held by another stack, the port is free, the channel answers. Only then is anything created.
 */
async function preflight(options: LocalStackOptions, dataDir: string, port: number): Promise<void> {
  await checkDataDir(dataDir);
  await checkNotLocked(dataDir);
  await checkPortFree(port);
  if (options.hlsUrl !== undefined)
    await checkHlsUrl(options.hlsUrl, { allowedHosts: parseHostList(options.env?.ALLOWED_HOSTS) });
}

/** The stand-ins and the demo channel (its first render is the slowest step), started together. */
async function startParts(
  options: LocalStackOptions,
  dataDir: string,
  port: number,
  cleanups: Cleanups,
): Promise<{ standIns: StandIns; demo: DemoChannel | undefined }> {
  const demoStarting =
    options.hlsUrl === undefined
      ? startDemoChannel({ port: 0, cacheDir: join(dataDir, 'demo-cache'), ...(options.demo ?? SHOWCASE_PROGRAMME) })
      : undefined;
  demoStarting?.catch(() => undefined);
  const standInsStarting = startStandIns({ dataDir, s3Port: port, bucket: STAND_IN_NAME, tablePrefix: STAND_IN_NAME });
  standInsStarting.catch(() => undefined);
  const [s, d] = await Promise.allSettled([standInsStarting, demoStarting]);
  if (s.status === 'fulfilled') cleanups.push(() => s.value.stop());
  if (d.status === 'fulfilled' && d.value !== undefined) cleanups.push(() => d.value!.stop());
  if (s.status === 'rejected') throw s.reason;
  if (d.status === 'rejected') throw d.reason;
  return { standIns: s.value, demo: d.value };
}

function supervisedParts(standIns: StandIns, demo: DemoChannel | undefined): SupervisedPart[] {
  const parts: SupervisedPart[] = [
    {
      name: DYNAMODB_PART,
      pid: () => standIns.dynamodb.pid(),
      exited: () => standIns.dynamodb.exited(),
      restart: () => standIns.dynamodb.restart(),
    },
    {
      name: S3_PART,
      pid: () => standIns.s3.pid(),
      exited: () => standIns.s3.exited(),
      restart: () => standIns.s3.restart(),
    },
  ];
  // A restarted encoder would start a new timeline under the same URL; the channel's schedule
  // (which tests and the soak read) would no longer hold, so its death stops the stack.
  if (demo !== undefined) parts.push({ name: CHANNEL_PART, pid: () => demo.pid(), exited: () => demo.exited() });
  return parts;
}

interface PipelineInputs {
  readonly standIns: StandIns;
  readonly demo: DemoChannel | undefined;
  readonly dataDir: string;
  readonly write: (line: string) => void;
  readonly cleanups: Cleanups;
}

/** The dashboard, the invoke endpoint running both handlers, and the scheduler. */
async function startPipeline(
  options: LocalStackOptions,
  inputs: PipelineInputs,
): Promise<{ hlsUrl: string; env: Record<string, string>; invokeEndpoint: InvokeEndpoint }> {
  const { standIns, demo, dataDir, write, cleanups } = inputs;
  // The SDK clients read endpoints and credentials from the environment, as on Lambda; the stop
  // puts back what was there (a stack started and stopped in one process leaves nothing behind).
  cleanups.push(setProcessEnv(standIns.env));
  const store = createStore({ tables: standIns.tables, bucket: standIns.bucket });
  cleanups.push(async () => store.close());
  const hlsUrl = options.hlsUrl ?? demo!.masterUrl;
  // The live view plays the channel only from this origin (the demo channel sends CORS headers;
  // a real channel must too, or the view says it cannot play it).
  await publishDashboard(store.objects, options.webDist ?? WEB_DIST_DIR, { liveOrigin: new URL(hlsUrl).origin });

  let stopping = false;
  const parseBudgetMs = (options.scheduleSeconds ?? DEFAULT_SCHEDULE_SECONDS) * 1000;
  // Handlers are created once the endpoint exists: their Lambda client must point at it.
  const handlers: Handlers = {};
  const invokeEndpoint = await startInvokeEndpoint({
    timeoutMs: PREKOG_TIMEOUT_MS,
    functions: {
      [PARSE_FUNCTION]: (_event, context) => {
        const deadline = Date.now() + parseBudgetMs;
        // A stopping stack reports no time left, so the run finishes its segment and returns.
        return handlers.parse!(() =>
          stopping ? 0 : Math.min(context.getRemainingTimeInMillis(), deadline - Date.now()),
        );
      },
      [PREKOG_FUNCTION]: (event) => handlers.prekog!(event),
    },
    // A handler that throws is a part failing: say so at once, with the error.
    onInvocation: (r) => {
      if (!r.ok && !stopping)
        write(
          `error [stack] ${r.functionName} invocation failed (attempt ${r.attempt}): ${r.error ?? 'unknown error'}`,
        );
    },
  });
  cleanups.push(() => invokeEndpoint.stop());

  const env = handlerEnv(options, {
    standInsEnv: standIns.env,
    invokeEndpoint: invokeEndpoint.endpoint,
    hlsUrl,
    demoFaces: demo !== undefined,
  });
  cleanups.push(setProcessEnv(env));
  const heartbeat = startHeartbeat({
    report: write,
    ...(options.stallSeconds === undefined ? {} : { stallMs: options.stallSeconds * 1000 }),
  });
  cleanups.push(async () => heartbeat.stop());
  await createHandlers(options, env, join(dataDir, 'work'), write, handlers, (sink) => heartbeat.watch(sink));

  const lambda = new LambdaClient({ endpoint: invokeEndpoint.endpoint, maxAttempts: 2 });
  cleanups.push(async () => lambda.destroy());
  const scheduler: Scheduler = startScheduler(lambda, PARSE_FUNCTION, parseBudgetMs, (error) =>
    write(`error [scheduler] could not invoke parse: ${String(error)}`),
  );
  cleanups.push(async () => {
    stopping = true;
    scheduler.stop();
    await invokeEndpoint.idle();
  });
  return { hlsUrl, env, invokeEndpoint };
}

/**
 * Sets `vars` on process.env; the returned step puts each variable back as it was (unset if it
 * was). Steps run in reverse order (stopInOrder), so nested settings restore correctly.
 */
export function setProcessEnv(vars: Readonly<Record<string, string>>): () => Promise<void> {
  const previous = Object.keys(vars).map((key) => [key, process.env[key]] as const);
  Object.assign(process.env, vars);
  return async () => {
    for (const [key, value] of previous) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

type Handlers = {
  parse?: (remaining: () => number) => Promise<unknown>;
  prekog?: (event: unknown) => Promise<unknown>;
};

async function createHandlers(
  options: LocalStackOptions,
  env: Record<string, string>,
  workDir: string,
  write: (line: string) => void,
  handlers: Handlers,
  watchParse: (sink: LogSink) => LogSink,
): Promise<void> {
  const parseConfig = readParseConfig(env);
  const prekogConfig = readPrekogConfig(env);
  const parseDeps = createParseDeps(parseConfig, {
    clients: createParseClients(),
    logger: watchParse(progressSink('parse', options.json ?? false, write)),
    // face recognition reads its switches from this stack's handler environment, not the process's
    env,
  });
  await mkdir(workDir, { recursive: true });
  const prekogDeps = createPrekogDeps(prekogConfig, {
    clients: createPrekogClients(),
    logger: progressSink('prekog', options.json ?? false, write),
    builtin: { workDir },
  });
  handlers.parse = (remaining) => runParse(parseConfig, parseDeps, { getRemainingTimeInMillis: remaining });
  handlers.prekog = (event) => runPrekog(parsePrekogEvent(event), prekogDeps);
}
