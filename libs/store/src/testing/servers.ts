/**
 * The stand-in servers themselves — dynalite and s3rver, each in its own child process — without
 * the AWS SDK: a vitest global setup (./vitest.ts) starts the run's pair from here in the main
 * process, where loading the SDK and the store for table creation cost ~3 s of CPU per run
 * (tables and buckets are made by the test workers, ./index.ts `standInsOn`). Re-exported by
 * ./index.ts, the entry point (`@catfinder/store/testing`).
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from '../util/sleep';
import { startChildServer, type ChildExit, type ChildServer } from './child';

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 15_000;

/**
 * The handle both stand-ins share: one child at a time on a fixed port and data folder, stopped
 * (optionally by SIGKILL, to simulate a crash) and started again on the same port.
 */
async function restartableServer(
  dataDir: string,
  launch: (port: number) => Promise<ChildServer>,
  firstPort: number,
): Promise<DynaliteHandle & S3rverHandle> {
  let child = await launch(firstPort);
  const port = child.port;
  return {
    endpoint: `http://${HOST}:${port}`,
    port,
    dataDir,
    pid: () => child.process.pid,
    async stop(stopOptions: { signal?: 'SIGTERM' | 'SIGKILL'; removeData?: boolean } = {}) {
      await child.stop(stopOptions.signal);
      if (stopOptions.removeData === true) await rm(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await child.stop();
      await mkdir(dataDir, { recursive: true });
      child = await launch(port);
    },
    exited: () => child.exit,
  };
}

/** Options of `startDynalite`. */
export interface DynaliteOptions {
  /** LevelDB folder; data survives restarts. @default a fresh temp folder (removed by stop({ removeData: true })) */
  readonly dataDir?: string;
  /** Port to listen on. @default 0 (a free port) */
  readonly port?: number;
}

/** A running dynalite. */
export interface DynaliteHandle {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  readonly dataDir: string;
  /** Process id of the current child (changes on restart). */
  pid(): number | undefined;
  /** Stops it; `signal: 'SIGKILL'` simulates a crash. */
  stop(options?: { signal?: 'SIGTERM' | 'SIGKILL'; removeData?: boolean }): Promise<void>;
  /** Starts it again on the same port and data folder (after stop). */
  restart(): Promise<void>;
  /** Resolves when the current child exits (a crash or a stop), with its code, signal and stderr tail. */
  exited(): Promise<ChildExit>;
}

/** Starts dynalite (createTableMs 0, LevelDB in `dataDir`) in a child process. */
export async function startDynalite(options: DynaliteOptions = {}): Promise<DynaliteHandle> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'catfinder-dynalite-')));
  await mkdir(dataDir, { recursive: true });
  const script = new URL('./dynalite-server.mjs', import.meta.url);
  const launch = async (port: number): Promise<ChildServer> => {
    // A just-killed server's port can linger briefly; retry a few times.
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await startChildServer('dynalite', script, [String(port), HOST, dataDir], [], START_TIMEOUT_MS);
      } catch (err) {
        if (attempt >= 10) throw err;
        await sleep(200);
      }
    }
  };
  return await restartableServer(dataDir, launch, options.port ?? 0);
}

/** Options of `startS3rver`. */
export interface S3rverOptions {
  /** Folder holding buckets and objects. @default a fresh temp folder */
  readonly dataDir?: string;
  /** Port to listen on. @default 0 (a free port) */
  readonly port?: number;
}

/** A running s3rver. */
export interface S3rverHandle {
  /** `http://127.0.0.1:<port>` (path-style: `<endpoint>/<bucket>/<key>`). */
  readonly endpoint: string;
  readonly port: number;
  readonly dataDir: string;
  /** Process id of the current child (changes on restart). */
  pid(): number | undefined;
  stop(options?: { removeData?: boolean }): Promise<void>;
  /** Starts it again on the same port and data folder (after a crash or stop). */
  restart(): Promise<void>;
  /** Resolves when the current child exits (a crash or a stop), with its code, signal and stderr tail. */
  exited(): Promise<ChildExit>;
}

/**
 * Starts s3rver in a child process run with `--openssl-legacy-provider` (needed for truncated
 * ListObjectsV2 on Node 17+). Browser GETs (no x-amz-* headers) of a bucket with website
 * hosting (`ensureBucket(s3, b, { website: true })`) get `index.html` for `/<bucket>/`; every
 * object is served with its stored Content-Type and honours `Range` (MP4 seeking).
 */
export async function startS3rver(options: S3rverOptions = {}): Promise<S3rverHandle> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'catfinder-s3rver-')));
  await mkdir(dataDir, { recursive: true });
  const launch = (port: number): Promise<ChildServer> =>
    startChildServer(
      's3rver',
      new URL('./s3rver-server.mjs', import.meta.url),
      [String(port), HOST, dataDir],
      ['--openssl-legacy-provider'],
      START_TIMEOUT_MS,
    );
  return await restartableServer(dataDir, launch, options.port ?? 0);
}

/** Where a running stand-in pair listens (e.g. one a test run's global setup started for all files). */
export interface StandInEndpoints {
  readonly dynamodb: string;
  readonly s3: string;
}

/** Starts a stand-in pair without tables (for {@link standInsOn}); `stop()` removes its data. */
export async function startSharedStandIns(): Promise<{ endpoints: StandInEndpoints; stop(): Promise<void> }> {
  const [dynamodb, s3] = await Promise.all([startDynalite(), startS3rver()]);
  return {
    endpoints: { dynamodb: dynamodb.endpoint, s3: s3.endpoint },
    stop: async () => {
      await Promise.all([dynamodb.stop({ removeData: true }), s3.stop({ removeData: true })]);
    },
  };
}
