/** Stand-ins for one test file: fresh tables and a fresh bucket on the run's shared pair. */
import type { StandInsOn } from '@catfinder/store/testing';
import { standInsOnShared } from '@catfinder/store/testing/vitest';

let created = 0;

/**
 * As empty as a new pair for the caller, without starting one (./shared-stand-ins.ts starts the
 * pair once per run and stops it after); `stop()` removes the caller's tables and bucket and
 * leaves the shared servers running.
 */
export function testStandIns(): Promise<StandInsOn> {
  return standInsOnShared(`d${process.pid}-${++created}`);
}
