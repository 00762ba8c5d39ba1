/**
 * The whole system on one machine, wired exactly as on AWS but with local parts: DynamoDB and
 * S3 stand-ins (the S3 one also serves the dashboard), a Lambda invoke endpoint that runs the
 * parse and prekog handlers in this process, a scheduler in place of EventBridge, the local
 * detector, and the demo channel unless a real channel is given.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { parseHostList } from '@catfinder/hls';
import { startDemoChannel, type DemoChannel, type DemoChannelOptions } from '@catfinder/demo-channel';
// The local stack runs the two Lambda handlers in-process, which is what a tool may do and a lib
// may not; the rule's blanket "no imports of apps" is lifted for these two lines only.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createParseClients, createParseDeps, readParseConfig, runParse } from '@catfinder/parse-lambda';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createPrekogClients, createPrekogDeps, parsePrekogEvent, readPrekogConfig, runPrekog, startInvokeEndpoint, type InvokeEndpoint } from '@catfinder/prekog-lambda';
import { createStore } from '@catfinder/store';
import { startStandIns } from '@catfinder/store/testing';
import {
  DEFAULT_CHANNEL_ID,
  DEFAULT_DATA_DIR,
  DEFAULT_LABEL,
  DEFAULT_PORT,
  DEFAULT_SCHEDULE_SECONDS,
  PARSE_FUNCTION,
  PREKOG_FUNCTION,
  PREKOG_TIMEOUT_MS,
} from './constants';
import { publishDashboard, WEB_DIST_DIR } from './dashboard';
import { checkDataDir, checkHlsUrl, checkPortFree } from './preflight';
import { progressSink } from './progress';
import { startScheduler, type Scheduler } from './scheduler';

/** Options of {@link startLocalStack}; the CLI maps its flags onto these. */
export interface LocalStackOptions {
  /** Port of the dashboard / S3 stand-in (0 = free port). @default 4600 */
  readonly port?: number;
  /** Persistent data folder. @default `.catfinder` in the current directory */
  readonly dataDir?: string;
  /** A real channel instead of the demo channel. */
  readonly hlsUrl?: string;
  /** Watched labels, in the LABELS syntax `Name[:minConfidence[:preRoll[:postRoll]]]`. @default ['Cat'] */
  readonly labels?: readonly string[];
  /** Seconds between parse invocations. @default 60 */
  readonly scheduleSeconds?: number;
  /** Demo channel options (ignored with `hlsUrl`). */
  readonly demo?: DemoChannelOptions;
  /** Further handler variables (CUT_THRESHOLD, SAMPLE_INTERVAL, EXIT_SAMPLES, …). */
  readonly env?: Readonly<Record<string, string>>;
  /** Structured JSON log lines instead of readable progress. @default false */
  readonly json?: boolean;
  /** Where lines go. @default stdout */
  readonly write?: (line: string) => void;
  /** Built dashboard folder. @default apps/web/dist */
  readonly webDist?: string;
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
  /** Stops everything: scheduler, running handlers (at their next segment), channel, stand-ins. */
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const port = options.port ?? DEFAULT_PORT;
  await checkDataDir(dataDir);
  await checkPortFree(port);
  if (options.hlsUrl !== undefined) await checkHlsUrl(options.hlsUrl, { allowedHosts: parseHostList(options.env?.ALLOWED_HOSTS) });

  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async (): Promise<void> => {
    for (const step of cleanups.splice(0).reverse()) await step().catch(() => undefined);
  };
  try {
    // The stand-ins and the demo channel (its first render is the slowest step) start together.
    const demoStarting = options.hlsUrl === undefined ? startDemoChannel({ port: 0, cacheDir: join(dataDir, 'demo-cache'), ...options.demo }) : undefined;
    demoStarting?.catch(() => undefined);
    const standInsStarting = startStandIns({ dataDir, s3Port: port });
    standInsStarting.catch(() => undefined);
    const [standIns, demo] = await Promise.allSettled([standInsStarting, demoStarting]).then(([s, d]) => {
      if (s.status === 'fulfilled') cleanups.push(() => s.value.stop());
      if (d.status === 'fulfilled' && d.value !== undefined) cleanups.push(() => d.value!.stop());
      if (s.status === 'rejected') throw s.reason;
      if (d.status === 'rejected') throw d.reason;
      return [s.value, d.value] as const;
    });
    // The SDK clients read endpoints and credentials from the environment, as on Lambda.
    Object.assign(process.env, standIns.env);
    const store = createStore({ tables: standIns.tables, bucket: standIns.bucket });
    cleanups.push(async () => store.close());
    await publishDashboard(store.objects, options.webDist ?? WEB_DIST_DIR);

    const hlsUrl = options.hlsUrl ?? demo!.masterUrl;

    let stopping = false;
    const parseBudgetMs = (options.scheduleSeconds ?? DEFAULT_SCHEDULE_SECONDS) * 1000;
    // Handlers are created once the endpoint exists: their Lambda client must point at it.
    const handlers: { parse?: (remaining: () => number) => Promise<unknown>; prekog?: (event: unknown) => Promise<unknown> } = {};
    const invokeEndpoint = await startInvokeEndpoint({
      timeoutMs: PREKOG_TIMEOUT_MS,
      functions: {
        [PARSE_FUNCTION]: (_event, context) => {
          const deadline = Date.now() + parseBudgetMs;
          // A stopping stack reports no time left, so the run finishes its segment and returns.
          return handlers.parse!(() => (stopping ? 0 : Math.min(context.getRemainingTimeInMillis(), deadline - Date.now())));
        },
        [PREKOG_FUNCTION]: (event) => handlers.prekog!(event),
      },
    });
    cleanups.push(() => invokeEndpoint.stop());

    const env: Record<string, string> = {
      ...standIns.env,
      AWS_ENDPOINT_URL_LAMBDA: invokeEndpoint.endpoint,
      CHANNEL_ID: DEFAULT_CHANNEL_ID,
      HLS_URL: hlsUrl,
      LABELS: (options.labels ?? [DEFAULT_LABEL]).join(','),
      DETECTOR: 'local',
      PREKOG_FUNCTION_NAME: PREKOG_FUNCTION,
      CLIPPER: 'builtin',
      ...(process.env.LOCAL_DETECTOR_THREADS ? { LOCAL_DETECTOR_THREADS: process.env.LOCAL_DETECTOR_THREADS } : {}),
      ...options.env,
    };
    Object.assign(process.env, env);
    const parseConfig = readParseConfig(env);
    const prekogConfig = readPrekogConfig(env);
    const parseDeps = createParseDeps(parseConfig, { clients: createParseClients(), logger: progressSink('parse', options.json ?? false, write) });
    const workDir = join(dataDir, 'work');
    await mkdir(workDir, { recursive: true });
    const prekogDeps = createPrekogDeps(prekogConfig, {
      clients: createPrekogClients(),
      logger: progressSink('prekog', options.json ?? false, write),
      builtin: { workDir },
    });
    handlers.parse = (remaining) => runParse(parseConfig, parseDeps, { getRemainingTimeInMillis: remaining });
    handlers.prekog = (event) => runPrekog(parsePrekogEvent(event), prekogDeps);

    const lambda = new LambdaClient({ endpoint: invokeEndpoint.endpoint, maxAttempts: 2 });
    cleanups.push(async () => lambda.destroy());
    const scheduler: Scheduler = startScheduler(lambda, PARSE_FUNCTION, parseBudgetMs, (error) => write(`error [scheduler] could not invoke parse: ${String(error)}`));
    cleanups.push(async () => {
      stopping = true;
      scheduler.stop();
      await invokeEndpoint.idle();
    });

    return {
      dashboardUrl: standIns.siteUrl,
      hlsUrl,
      ...(demo === undefined ? {} : { demo }),
      env,
      invokeEndpoint,
      stop: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
