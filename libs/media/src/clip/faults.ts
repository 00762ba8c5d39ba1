/**
 * Faults a test can attach to one cutClip call, outside the production options: the options
 * object is the key, so nothing global changes and no production caller can set one by accident.
 * Only `@catfinder/media/testing` exports the setter.
 */
import type { CutClipOptions } from './types';

/** Corrupt the smart cut's output before verification, to exercise the re-encode fallback. */
export type CutFault = 'drop-last-smart-frame';

const faults = new WeakMap<CutClipOptions, CutFault>();

/** Returns `options` with `fault` attached (for tests). */
export function withCutFault<T extends CutClipOptions>(options: T, fault: CutFault): T {
  faults.set(options, fault);
  return options;
}

/** The fault attached to these options, if any. */
export function cutFaultOf(options: CutClipOptions): CutFault | undefined {
  return faults.get(options);
}
