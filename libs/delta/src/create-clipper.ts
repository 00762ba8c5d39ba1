/**
 * One call from configuration to a Clipper: `CLIPPER=builtin` (default) gives the built-in
 * clipper over our archive, `CLIPPER=delta` the Elemental Delta client. Both write their records
 * and the clips feed through the same ClipperStore.
 */
import { BuiltinClipper, type BuiltinClipperOptions } from './builtin/clipper';
import type { ClipperConfig } from './config';
import { DeltaClipper } from './delta/clipper';
import type { ClipperStore } from './store-port';
import type { Clipper } from './types';

export interface CreateClipperOptions {
  store: ClipperStore;
  /** Extra options of the built-in clipper (cutter, timeouts, work folder). */
  builtin?: Omit<BuiltinClipperOptions, 'store' | 'maxClipSeconds'>;
}

export function createClipper(config: ClipperConfig, options: CreateClipperOptions): Clipper {
  if (config.kind === 'delta') {
    return new DeltaClipper({
      store: options.store,
      client: { baseUrl: config.url, user: config.user, apiKey: config.apiKey, timeoutMs: config.timeoutMs },
      contentName: config.contentName,
      maxClipSeconds: config.maxClipSeconds,
    });
  }
  return new BuiltinClipper({ ...options.builtin, store: options.store, maxClipSeconds: config.maxClipSeconds });
}
