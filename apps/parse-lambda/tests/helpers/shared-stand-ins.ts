/**
 * Vitest global setup: ONE dynalite + s3rver pair for the whole parse test run (the run used to
 * start 12). Each file gets its own tables and bucket on it (`testStandIns()` in ./stand-ins.ts);
 * the faults test, which restarts DynamoDB, starts its own pair.
 */
export { provideSharedStandIns as default } from '@catfinder/store/testing/vitest';
