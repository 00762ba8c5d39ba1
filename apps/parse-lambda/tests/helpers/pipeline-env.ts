/** The stand-ins, the demo channel and prekog, started once and shared by a test file. */
import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  SHARED_PROGRAMME_CACHE,
  startDemoChannel,
  type DemoChannel,
  type DemoChannelOptions,
} from '@catfinder/demo-channel';
import { createDynamoClient, createS3Client, createStore, sleep, type Store } from '@catfinder/store';
import { startStandIns, type StandIns, type StandInsOn } from '@catfinder/store/testing';
import { testStandIns } from './stand-ins';
import { readParseConfig, type ParseConfig } from '../../src/config';
import type { LambdaContextLike } from '../../src/events';
import type { LogSink } from '../../src/run-parse';
import type { ParseClients } from '../../src/wiring';
import { startPrekogProcess, type PrekogProcess } from './prekog-process';

/**
 * One XNNPACK thread for the local detector and face models: the tests share 2 cores with other
 * projects' tests, where a second thread only adds CPU (measured ~25 % more per detection, and a
 * second WASM build to load). Detections on 1 and 2 threads are equal (libs/vision's
 * tests/wasm-runtime.test.ts); the WASM backend is per process, so every test config sets it.
 */
export const TEST_DETECTOR_ENV = { LOCAL_DETECTOR_THREADS: '1' } as const;

export interface PipelineEnv<S extends StandInsOn = StandInsOn> {
  readonly standIns: S;
  readonly channel: DemoChannel;
  readonly prekog: PrekogProcess;
  readonly store: Store;
  readonly clients: ParseClients;
  config(overrides?: Record<string, string>): ParseConfig;
  stop(): Promise<void>;
}

/**
 * @param windowSegments live window of the demo channel; long, so a slow machine never loses segments.
 * @param channelOptions further demo channel options (programme, segment length); the render cache
 *   defaults to {@link SHARED_PROGRAMME_CACHE}.
 */
export function startPipelineEnv(windowSegments?: number, channelOptions?: DemoChannelOptions): Promise<PipelineEnv>;
/**
 * With `{ ownStandIns: true }`: a stand-in pair of its own, for a test that stops or restarts a
 * server, and for the bench (outside vitest there is no run-wide pair). With
 * `deployedThreads: true` the detector picks its threads as deployed (the bench), not the tests' 1.
 */
export function startPipelineEnv(
  windowSegments: number,
  channelOptions: DemoChannelOptions,
  options: { ownStandIns: true; deployedThreads?: boolean },
): Promise<PipelineEnv<StandIns>>;
export async function startPipelineEnv(
  windowSegments = 30,
  channelOptions: DemoChannelOptions = {},
  options: { ownStandIns?: boolean; deployedThreads?: boolean } = {},
): Promise<PipelineEnv<StandInsOn>> {
  // The render (the slowest step) runs while the stand-ins and then prekog start.
  const channelStarting = startDemoChannel({
    segmentSeconds: 2,
    cacheDir: SHARED_PROGRAMME_CACHE,
    ...channelOptions,
    windowSegments,
  });
  channelStarting.catch(() => undefined);
  let standIns: StandInsOn;
  try {
    // Tables and a bucket on the run's shared pair, or a pair of its own.
    standIns = options.ownStandIns === true ? await startStandIns() : await testStandIns();
  } catch (error) {
    await channelStarting.then(
      (c) => c.stop(),
      () => undefined,
    );
    throw error;
  }
  // The SDK clients of this process find the stand-ins through the standard variables.
  Object.assign(process.env, standIns.env);
  let channel: DemoChannel | undefined;
  let prekog: PrekogProcess | undefined;
  try {
    const prekogStarting = startPrekogProcess({ ...standIns.env, CLIPPER: 'builtin' });
    const [c, p] = await Promise.allSettled([channelStarting, prekogStarting]);
    if (c.status === 'fulfilled') channel = c.value;
    if (p.status === 'fulfilled') prekog = p.value;
    if (c.status === 'rejected') throw c.reason;
    if (p.status === 'rejected') throw p.reason;
    process.env.AWS_ENDPOINT_URL_LAMBDA = prekog!.endpoint;
  } catch (error) {
    await prekog?.stop();
    await channel?.stop();
    await standIns.stop({ removeData: true });
    throw error;
  }
  const clients: ParseClients = {
    ddb: createDynamoClient(),
    s3: createS3Client(),
    lambda: new LambdaClient({ maxAttempts: 2 }),
  };
  const store = createStore({ tables: standIns.tables, bucket: standIns.bucket, dynamo: clients.ddb, s3: clients.s3 });
  const demo = channel!;
  const serve = prekog!;
  return {
    standIns,
    channel: demo,
    prekog: serve,
    store,
    clients,
    config: (overrides = {}) =>
      readParseConfig({
        ...standIns.env,
        CHANNEL_ID: 'demo',
        HLS_URL: demo.masterUrl,
        // The tests read the whole demo window from its first segment, not from the live edge.
        START: 'window',
        LABELS: 'Cat,Horse',
        DETECTOR: 'local',
        PREKOG_FUNCTION_NAME: serve.functionName,
        ...(options.deployedThreads === true ? {} : TEST_DETECTOR_ENV),
        ...overrides,
      }),
    async stop() {
      await serve.stop();
      await demo.stop();
      await standIns.stop({ removeData: true });
    },
  };
}

/** A Lambda-like context whose budget ends at `deadline` (epoch ms), or earlier when `stop()` is called. */
export function contextUntil(deadline: number, id = 'test'): LambdaContextLike & { stop(): void } {
  let stopped = false;
  return {
    awsRequestId: id,
    getRemainingTimeInMillis: () => (stopped ? 0 : Math.max(0, deadline - Date.now())),
    stop: () => {
      stopped = true;
    },
  };
}

/**
 * A Lambda-like context whose budget runs out as soon as `done()` holds (checked each time the run
 * asks), or at `deadline` (epoch ms) at the latest: a test run ends on an event, not on a guessed
 * wall-clock time, so it is as short as possible on an idle machine and still finishes under load.
 */
export function contextUntilDone(done: () => boolean, deadline: number, id = 'test'): LambdaContextLike {
  return {
    awsRequestId: id,
    getRemainingTimeInMillis: () => (done() ? 0 : Math.max(0, deadline - Date.now())),
  };
}

export interface LogEntry {
  readonly level: string;
  readonly message: string;
  readonly extra?: Record<string, unknown>;
}

/** Collects log entries in memory (and lets a test print them when it fails). */
export function memorySink(onEntry?: (entry: LogEntry) => void): LogSink & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const push = (level: string) => (message: string, extra?: Record<string, unknown>) => {
    const entry = { level, message, ...(extra ? { extra } : {}) };
    entries.push(entry);
    onEntry?.(entry);
  };
  return { entries, info: push('info'), warn: push('warn'), error: push('error') };
}

export { sleep };

/** Waits until `probe` returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
