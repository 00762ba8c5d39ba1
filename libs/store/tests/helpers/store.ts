/** Starts real stand-ins (or tables and a bucket on the run's shared ones) and points the SDK at them the standard way (env vars). */
import { inject } from 'vitest';
import { createStore, type Store, type StoreOptions } from '../../src/index';
import { ensureBucket, ensureTables } from '../../src/ensure';
import { createDynamoClient, createS3Client } from '../../src/clients';
import { tableEnv, tableNamesWithPrefix, type TableNames } from '../../src/config';
import {
  STAND_IN_CREDENTIALS,
  STAND_IN_REGION,
  standInEnv,
  startStandIns,
  type StandIns,
} from '../../src/testing/index';

/** What a test may use of the stand-ins it got: endpoints, its tables and bucket, their variables. */
export interface TestStandIns {
  readonly dynamodb: { readonly endpoint: string };
  readonly s3: { readonly endpoint: string };
  readonly tables: TableNames;
  readonly bucket: string;
  readonly env: Record<string, string>;
  readonly siteUrl: string;
}

export interface TestStore<S extends TestStandIns = TestStandIns> {
  readonly standIns: S;
  readonly store: Store;
  /** Another store on the same stand-ins (e.g. with a fake clock). */
  make(options?: StoreOptions): Store;
  stop(): Promise<void>;
}

function testStore<S extends TestStandIns>(
  standIns: S,
  options: StoreOptions,
  stopStandIns: () => Promise<void>,
): TestStore<S> {
  Object.assign(process.env, standIns.env);
  const made: Store[] = [];
  const make = (o: StoreOptions = {}) => {
    const s = createStore({ clientOptions: { maxAttempts: 3, requestTimeoutMs: 3000 }, ...options, ...o });
    made.push(s);
    return s;
  };
  const store = make();
  return {
    standIns,
    store,
    make,
    async stop() {
      for (const s of made) s.close();
      await stopStandIns();
    },
  };
}

let created = 0;

/**
 * Fresh tables and a fresh bucket (a new prefix each call) on the run's shared stand-ins
 * (tests/helpers/shared-stand-ins.ts): as empty as a new pair, without starting one.
 */
export async function startTestStore(options: StoreOptions = {}): Promise<TestStore> {
  const endpoints = inject('sharedStandIns');
  const name = `t${process.pid}-${++created}`;
  const tables = tableNamesWithPrefix(name);
  const bucket = name;
  const clientOptions = { region: STAND_IN_REGION, credentials: STAND_IN_CREDENTIALS };
  const ddb = createDynamoClient({ ...clientOptions, endpoint: endpoints.dynamodb });
  const s3 = createS3Client({ ...clientOptions, endpoint: endpoints.s3 });
  try {
    await ensureTables(ddb, tables);
    await ensureBucket(s3, bucket, { website: true });
  } finally {
    ddb.destroy();
    s3.destroy();
  }
  const standIns: TestStandIns = {
    dynamodb: { endpoint: endpoints.dynamodb },
    s3: { endpoint: endpoints.s3 },
    tables,
    bucket,
    env: { ...standInEnv(endpoints), ...tableEnv(tables, bucket) },
    siteUrl: `${endpoints.s3}/${bucket}/`,
  };
  // The shared pair is stopped (and its data removed) once, after the run.
  return testStore(standIns, options, async () => undefined);
}

/** A stand-in pair of its own, for a test that stops, kills or restarts a server. */
export async function startOwnTestStore(options: StoreOptions = {}): Promise<TestStore<StandIns>> {
  const standIns = await startStandIns();
  return testStore(standIns, options, () => standIns.stop({ removeData: true }));
}
