/**
 * The default cutter. `@catfinder/media` is to provide the smart cut (`cutClip`); until its
 * version in this repository exports it, the interim re-encode cutter is used, so the built-in
 * clipper is frame-exact either way (only slower).
 */
import { reencodeCutter, type ReencodeCutterOptions } from './reencode-cutter';
import type { ClipCutter } from './cutter';

export type MediaCutterOptions = ReencodeCutterOptions;

export function mediaCutter(options: MediaCutterOptions = {}): ClipCutter {
  return reencodeCutter(options);
}
