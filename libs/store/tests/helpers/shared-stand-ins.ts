/**
 * Vitest global setup: ONE dynalite + s3rver pair for the whole store test run (each start is
 * ~0.7 s of CPU and the run used to start ~15 pairs). Every `startTestStore()` gets its own
 * tables and bucket on it (`standInsOn`, a fresh prefix), so no two test blocks see each other's
 * data; a test that stops, kills or restarts a server starts its own pair (`startOwnTestStore()`).
 */
import type { TestProject } from 'vitest/node';
import { startSharedStandIns, type StandInEndpoints } from '../../src/testing/index';

declare module 'vitest' {
  export interface ProvidedContext {
    sharedStandIns: StandInEndpoints;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = await startSharedStandIns();
  project.provide('sharedStandIns', shared.endpoints);
  return shared.stop;
}
