/** Starts real stand-ins (or tables and a bucket on the run's shared ones) and points the SDK at them the standard way (env vars). */
import { createStore, type Store, type StoreOptions } from '../../src/index';
import { startStandIns, type StandIns, type StandInsOn } from '../../src/testing/index';
import { standInsOnShared } from '../../src/testing/vitest';

export interface TestStore<S extends StandInsOn = StandInsOn> {
  readonly standIns: S;
  readonly store: Store;
  /** Another store on the same stand-ins (e.g. with a fake clock). */
  make(options?: StoreOptions): Store;
  stop(): Promise<void>;
}

function testStore<S extends StandInsOn>(
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
 * (tests/helpers/shared-stand-ins.ts): as empty as a new pair, without starting one. The shared
 * pair is stopped (and its data removed) once, after the run.
 */
export async function startTestStore(options: StoreOptions = {}): Promise<TestStore> {
  const standIns = await standInsOnShared(`t${process.pid}-${++created}`);
  return testStore(standIns, options, standIns.stop);
}

/** A stand-in pair of its own, for a test that stops, kills or restarts a server. */
export async function startOwnTestStore(options: StoreOptions = {}): Promise<TestStore<StandIns>> {
  const standIns = await startStandIns();
  return testStore(standIns, options, () => standIns.stop({ removeData: true }));
}
