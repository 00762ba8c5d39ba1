/** Starts real stand-ins for one test file and points the SDK at them the standard way (env vars). */
import { createStore, type Store, type StoreOptions } from '../../src/index';
import { startStandIns, type StandIns } from '../../src/testing/index';

export interface TestStore {
  readonly standIns: StandIns;
  readonly store: Store;
  /** Another store on the same stand-ins (e.g. with a fake clock). */
  make(options?: StoreOptions): Store;
  stop(): Promise<void>;
}

export async function startTestStore(options: StoreOptions = {}): Promise<TestStore> {
  const standIns = await startStandIns();
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
      await standIns.stop({ removeData: true });
    },
  };
}
