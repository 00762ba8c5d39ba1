/**
 * Vitest global setup: ONE dynalite + s3rver pair for the whole store test run (each start is
 * ~0.7 s of CPU and the run used to start ~15 pairs). Every `startTestStore()` gets its own
 * tables and bucket on it (a fresh prefix), so no two test blocks see each other's data; a test
 * that stops, kills or restarts a server starts its own pair (`startOwnTestStore()`).
 */
import type { TestProject } from 'vitest/node';
import { startDynalite, startS3rver } from '../../src/testing/index';

export interface SharedStandInEndpoints {
  readonly dynamodb: string;
  readonly s3: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    sharedStandIns: SharedStandInEndpoints;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [dynamodb, s3] = await Promise.all([startDynalite(), startS3rver()]);
  project.provide('sharedStandIns', { dynamodb: dynamodb.endpoint, s3: s3.endpoint });
  return async () => {
    await Promise.all([dynamodb.stop({ removeData: true }), s3.stop({ removeData: true })]);
  };
}
