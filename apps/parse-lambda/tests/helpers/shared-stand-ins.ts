/**
 * Vitest global setup: ONE dynalite + s3rver pair for the whole parse test run (a pair's start is
 * ~0.7 s of CPU; the run used to start 12). Each file gets its own tables and bucket on it
 * (`testStandIns()` in ./stand-ins.ts); the faults test, which restarts DynamoDB, starts its own pair.
 */
import type { TestProject } from 'vitest/node';
import { startSharedStandIns, type StandInEndpoints } from '@catfinder/store/testing';

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
