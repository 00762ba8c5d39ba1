/** Stand-ins for one test file: fresh tables and a fresh bucket on the run's shared pair. */
import { createStore, type Store } from '@catfinder/store';
import type { StandInsOn } from '@catfinder/store/testing';
import { standInsOnShared } from '@catfinder/store/testing/vitest';

let created = 0;

/**
 * As empty as a new pair for the caller, without starting one (tests/helpers/shared-stand-ins.ts
 * starts the pair once per run and stops it after); `stop()` leaves the shared servers running.
 */
export function testStandIns(): Promise<StandInsOn> {
  return standInsOnShared(`p${process.pid}-${++created}`);
}

/** {@link testStandIns} with the SDK pointed at them the standard way (env vars) and a store on them. */
export interface TestStore {
  readonly standIns: StandInsOn;
  readonly store: Store;
  stop(): Promise<void>;
}

export async function testStore(): Promise<TestStore> {
  const standIns = await testStandIns();
  Object.assign(process.env, standIns.env);
  const store = createStore({ tables: standIns.tables, bucket: standIns.bucket });
  return {
    standIns,
    store,
    async stop() {
      store.close();
      await standIns.stop({ removeData: true });
    },
  };
}
