/**
 * One call from configuration to a Clipper: `CLIPPER=builtin` (default) gives the built-in
 * clipper over our archive, `CLIPPER=delta` the Elemental Delta client. Both write their records
 * and the clips feed through the same ClipperStore. A Delta clip is always copied to our origin
 * (`clips/<channel>/<id>.mp4` + poster): the dashboard accepts only same-origin media, an http
 * Delta would be mixed content under https, and Delta's live-to-VOD is temporary.
 */
import { BuiltinClipper, type BuiltinClipperOptions } from './builtin/clipper';
import type { ClipperConfig } from './config';
import { DeltaClipper } from './delta/clipper';
import type { CopyToOriginOptions } from './delta/copy-to-origin';
import type { ClipperStore } from './store-port';
import type { Clipper } from './types';

export interface CreateClipperOptions {
  store: ClipperStore;
  /** Extra options of the built-in clipper (cutter, timeouts, work folder). */
  builtin?: Omit<BuiltinClipperOptions, 'store' | 'maxClipSeconds'>;
  /** How a Delta clip is copied to our origin (download timeout, size cap, ffmpeg). @default {} */
  copyToOrigin?: CopyToOriginOptions;
}

export function createClipper(config: ClipperConfig, options: CreateClipperOptions): Clipper {
  if (config.kind === 'delta') {
    return new DeltaClipper({
      store: options.store,
      client: { baseUrl: config.url, user: config.user, apiKey: config.apiKey, timeoutMs: config.timeoutMs },
      contentName: config.contentName,
      maxClipSeconds: config.maxClipSeconds,
      copyToOrigin: options.copyToOrigin ?? {},
    });
  }
  return new BuiltinClipper({ ...options.builtin, store: options.store, maxClipSeconds: config.maxClipSeconds });
}
