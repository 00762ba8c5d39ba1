/**
 * Vitest global setup: ONE dynalite + s3rver pair for the whole store test run (the run used to
 * start ~15 pairs). Every `startTestStore()` gets its own tables and bucket on it (a fresh prefix),
 * so no two test blocks see each other's data; a test that stops, kills or restarts a server
 * starts its own pair (`startOwnTestStore()`).
 */
export { provideSharedStandIns as default } from '../../src/testing/vitest';
