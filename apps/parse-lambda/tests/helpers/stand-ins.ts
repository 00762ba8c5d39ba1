/** Stand-ins for one test file: fresh tables and a fresh bucket on the run's shared pair. */
import { inject } from 'vitest';
import { standInsOn, type StandInsOn } from '@catfinder/store/testing';
import type {} from './shared-stand-ins';

let created = 0;

/**
 * As empty as a new pair for the caller, without starting one (tests/helpers/shared-stand-ins.ts
 * starts the pair once per run and stops it after); `stop()` leaves the shared servers running.
 */
export function testStandIns(): Promise<StandInsOn> {
  return standInsOn(inject('sharedStandIns'), `p${process.pid}-${++created}`);
}
