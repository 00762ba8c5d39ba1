/**
 * The Clipper backed by an Elemental Delta server: the clip record lives in our store like a
 * built-in clip, but the media is made and served by Delta. Its endpoints are absolute URLs on
 * the Delta server, which the store's clip records (object keys) cannot hold, so the clipper also
 * publishes `clips/<channel>/<id>.m3u8` in our bucket: a one-variant master playlist pointing at
 * Delta's HLS endpoint — the feed's `hlsUrl` then plays the Delta clip. The MP4 endpoint is in
 * the returned record (`mp4Url`). Delta gives no poster and no verification.
 */
import { runClipLifecycle } from '../clip-lifecycle';
import { clipKeys } from '@catfinder/store';
import { CLIP_CACHE_CONTROL, CONTENT_TYPE_M3U8, DEFAULT_MAX_CLIP_SECONDS } from '../constants';
import type { ClipperStore } from '../store-port';
import type { ClipRequest, ClipResult, Clipper } from '../types';
import { DeltaHttpError } from '../errors';
import { DeltaClient, type DeltaClientOptions } from './client';
import { copyDeltaClip, type CopyToOriginOptions } from './copy-to-origin';

export interface DeltaClipperOptions {
  store: ClipperStore;
  /** A ready client, or the options to make one. */
  client: DeltaClient | DeltaClientOptions;
  /** DELTA_CONTENTNAME: the live content clips are cut from. */
  contentName: string;
  /** @default 120 */
  maxClipSeconds?: number;
  /** A `cutting` clip silent this long is taken over (its cutter crashed). @default 600000 */
  staleCuttingMs?: number;
  now?: () => number;
  /**
   * Copy Delta's MP4 (and a poster from its first frame) into `clips/` of our bucket and record
   * those keys, instead of Delta's absolute URLs: the dashboard then plays the clip from its own
   * origin (https, no mixed content) and the clip outlives Delta's VOD. @default undefined (off)
   */
  copyToOrigin?: CopyToOriginOptions;
}

/** A master playlist with one variant: Delta's HLS rendition of the clip. */
export function masterPlaylist(variantUrl: string): string {
  if (/[\r\n]/.test(variantUrl))
    throw new Error(`Delta HLS endpoint contains a line break: ${JSON.stringify(variantUrl)}`);
  return `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=5000000\n${variantUrl}\n`;
}

export class DeltaClipper implements Clipper {
  readonly kind = 'delta' as const;
  private readonly client: DeltaClient;
  private contentId: string | undefined;

  constructor(private readonly options: DeltaClipperOptions) {
    this.client = options.client instanceof DeltaClient ? options.client : new DeltaClient(options.client);
  }

  createClip(request: ClipRequest): Promise<ClipResult> {
    const lifecycle = {
      store: this.options.store,
      maxClipSeconds: this.options.maxClipSeconds ?? DEFAULT_MAX_CLIP_SECONDS,
      ...(this.options.now ? { now: this.options.now } : {}),
      ...(this.options.staleCuttingMs !== undefined ? { staleCuttingMs: this.options.staleCuttingMs } : {}),
    };
    return runClipLifecycle(request, lifecycle, async (plan) => {
      // The content id is looked up once per clipper (a warm Lambda reuses it).
      this.contentId ??= (await this.client.findContentByName(this.options.contentName)).id;
      let endpoints;
      try {
        endpoints = await this.client.createLiveToVod(this.contentId, {
          label: `catfinder-${plan.id}`,
          startTime: plan.start,
          endTime: plan.end,
          startFrame: plan.startFrame,
          endFrame: plan.endFrame,
        });
      } catch (error) {
        // A content that was deleted or recreated has a new id: look it up again next time.
        if (error instanceof DeltaHttpError && error.status === 404) this.contentId = undefined;
        throw error;
      }
      const copyToOrigin = this.options.copyToOrigin;
      if (copyToOrigin) {
        const target = { channel: plan.channel, id: plan.id, expectedFrameCount: plan.expectedFrameCount };
        const copy = await copyDeltaClip(this.options.store, target, endpoints.mp4Url, copyToOrigin);
        return {
          frameCount: copy.frameCount,
          durationSeconds: plan.expectedDurationSeconds,
          mp4Url: copy.mp4Key,
          posterUrl: copy.posterKey,
        };
      }
      const hlsKey = clipKeys(plan.channel, plan.id).hls;
      await this.options.store.putObject(
        hlsKey,
        masterPlaylist(endpoints.hlsUrl),
        CONTENT_TYPE_M3U8,
        CLIP_CACHE_CONTROL,
      );
      return {
        frameCount: plan.expectedFrameCount,
        durationSeconds: plan.expectedDurationSeconds,
        mp4Url: endpoints.mp4Url,
        hlsUrl: hlsKey,
      };
    });
  }
}
