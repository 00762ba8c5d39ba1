/**
 * One stand-in pair per vitest run, shared by every test file (a pair's start is ~0.7 s of CPU).
 * Use `provideSharedStandIns` as the project's `globalSetup` (a file that re-exports it as its
 * default) and `standInsOnShared(prefix)` in the tests: fresh tables and a fresh bucket on the
 * shared pair. Kept apart from `@catfinder/store/testing` because it imports vitest, which the
 * local stack (`npm start`, a user of that entry point) must not load.
 *
 * The global setup runs in vitest's main process, so this module loads only the SDK-free server
 * starter (./servers.ts); the tables and bucket are made in the test workers, which load the SDK
 * anyway (./index.ts, imported on first use).
 */
import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';
import type { StandInsOn } from './index';
import { startSharedStandIns, type StandInEndpoints } from './servers';

declare module 'vitest' {
  export interface ProvidedContext {
    sharedStandIns: StandInEndpoints;
  }
}

/** Vitest global setup: starts the run's pair and stops it (removing its data) after the run. */
export async function provideSharedStandIns(project: TestProject): Promise<() => Promise<void>> {
  const shared = await startSharedStandIns();
  project.provide('sharedStandIns', shared.endpoints);
  return shared.stop;
}

/** Tables and a bucket named by `prefix` (unique per caller) on the run's shared pair. */
export async function standInsOnShared(prefix: string): Promise<StandInsOn> {
  const { standInsOn } = await import('./index');
  return standInsOn(inject('sharedStandIns'), prefix);
}
