/**
 * The default cutter: `@catfinder/media`'s `cutClip` — smart cut (whole GOPs stream-copied,
 * partial head/tail GOPs re-encoded), verified, with a full re-encode fallback. Media writes
 * nothing at the output paths unless verified, and throws if it cannot verify.
 */
import { cutClip } from '@catfinder/media';
import type { ClipCutter } from './cutter';

export interface MediaCutterOptions {
  /** `smart` (default) or a full `reencode`. @default 'smart' */
  method?: 'smart' | 'reencode';
  /** Lossless re-encode + framemd5 verification of every frame (tests). @default false */
  lossless?: boolean;
  /** Keep the audio track. @default true */
  audio?: boolean;
  /** Minimum PSNR of first/last frame in normal mode, dB. @default media's (30) */
  minPsnr?: number;
}

export function mediaCutter(options: MediaCutterOptions = {}): ClipCutter {
  return async (input) => {
    const result = await cutClip({
      segments: input.segments,
      first: input.first,
      last: input.last,
      outputPath: input.outputPath,
      posterPath: input.posterPath,
      stepTimeoutMs: input.timeoutMs,
      ...(options.method ? { method: options.method } : {}),
      ...(options.lossless !== undefined ? { lossless: options.lossless } : {}),
      ...(options.audio !== undefined ? { audio: options.audio } : {}),
      ...(options.minPsnr !== undefined ? { minPsnr: options.minPsnr } : {}),
    });
    const v = result.verification;
    const detail = `${v.detail}${result.fallbackReason ? `; fell back to re-encode: ${result.fallbackReason}` : ''}`;
    return {
      method: result.method,
      frameCount: result.frameCount,
      durationSeconds: result.durationSeconds,
      verification: { passed: v.passed && v.frameCount === v.expectedFrameCount, method: v.method, detail },
      stageMs: { ...result.timings },
    };
  };
}
