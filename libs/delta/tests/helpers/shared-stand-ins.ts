/**
 * Vitest global setup: ONE dynalite + s3rver pair for the whole delta test run (the run used to
 * start one per file, five); each file gets its own tables and bucket on it (`testStandIns()` in
 * ./stand-ins.ts). No delta test stops, kills or restarts a server.
 */
export { provideSharedStandIns as default } from '@catfinder/store/testing/vitest';
