/**
 * The built-in clipper (default): the original's Delta live-to-VOD done from our own archive.
 * archived segments covering the bounds → fetch → frame-accurate smart cut (libs/media), verified
 * → MP4 + poster + VOD HLS uploaded all-or-nothing → clip record `ready` → clips feed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clipKeys } from '@catfinder/store';
import { runClipLifecycle, type Produced } from '../clip-lifecycle';
import type { ClipPlan } from '../clip-plan';
import {
  CLIP_CACHE_CONTROL,
  CONTENT_TYPE_JPEG,
  CONTENT_TYPE_M3U8,
  CONTENT_TYPE_MP4,
  CONTENT_TYPE_TS,
  DEFAULT_CUT_TIMEOUT_MS,
  DEFAULT_MAX_CLIP_SECONDS,
} from '../constants';
import { ClipProductionError } from '../errors';
import type { ClipperStore } from '../store-port';
import type { ClipRequest, ClipResult, Clipper } from '../types';
import { checkCoverage } from './coverage';
import type { ClipCutter, CutOutcome } from './cutter';
import { fetchSegments, type LocalSegment } from './fetch-segments';
import { mediaCutter } from './media-cutter';
import { publishAll } from './publish';
import { makeVodHls } from './vod-hls';

export interface BuiltinClipperOptions {
  store: ClipperStore;
  /** Longest clip, seconds (MAX_CLIP_SECONDS). @default 120 */
  maxClipSeconds?: number;
  /** The cut. @default libs/media's smart cut (`mediaCutter()`) */
  cutter?: ClipCutter;
  /** Segments fetched at once. @default 4 */
  fetchConcurrency?: number;
  /** Timeout per archived object fetched. @default 15000 */
  fetchTimeoutMs?: number;
  /** Timeout of each ffmpeg step (cut, HLS remux). @default 120000 */
  cutTimeoutMs?: number;
  /** Target segment length of the clip's VOD HLS rendition, seconds. @default 2 */
  hlsSegmentSeconds?: number;
  /** Parent of the per-clip work folder. @default os.tmpdir() */
  workDir?: string;
  /** A `cutting` clip silent this long is taken over (its cutter crashed). @default 600000 */
  staleCuttingMs?: number;
  now?: () => number;
}

const seconds = (fromMs: number): number => (performance.now() - fromMs) / 1000;

/** Archived segments covering the bounds, as checkCoverage returns them. */
type ArchivedSegments = ReturnType<typeof checkCoverage>;
/** Where the cut writes the clip and its poster inside the per-clip work folder. */
interface WorkPaths {
  readonly mp4: string;
  readonly poster: string;
}

export class BuiltinClipper implements Clipper {
  readonly kind = 'builtin' as const;
  private readonly cutter: ClipCutter;

  constructor(private readonly options: BuiltinClipperOptions) {
    this.cutter = options.cutter ?? mediaCutter();
  }

  createClip(request: ClipRequest): Promise<ClipResult> {
    const lifecycle = {
      store: this.options.store,
      maxClipSeconds: this.options.maxClipSeconds ?? DEFAULT_MAX_CLIP_SECONDS,
      ...(this.options.now ? { now: this.options.now } : {}),
      ...(this.options.staleCuttingMs !== undefined ? { staleCuttingMs: this.options.staleCuttingMs } : {}),
    };
    return runClipLifecycle(request, lifecycle, (plan) => this.produce(request, plan));
  }

  private async produce(request: ClipRequest, plan: ClipPlan): Promise<Produced> {
    const timeoutMs = this.options.cutTimeoutMs ?? DEFAULT_CUT_TIMEOUT_MS;
    const t0 = performance.now();
    const segments = await this.coveringSegments(request, plan);
    const dir = await mkdtemp(join(this.options.workDir ?? tmpdir(), `catfinder-clip-${plan.id}-`));
    try {
      const local = await this.fetchInto(segments, dir);
      const fetchSeconds = seconds(t0);

      const t1 = performance.now();
      const paths = { mp4: join(dir, `${plan.id}.mp4`), poster: join(dir, `${plan.id}.jpg`) };
      const cut = await this.cutVerified(request, plan, local, paths, timeoutMs);
      const cutSeconds = seconds(t1);

      const t2 = performance.now();
      const keys = await this.publishClip(plan, dir, paths, timeoutMs);
      const publishSeconds = seconds(t2);
      return {
        frameCount: cut.frameCount,
        durationSeconds: cut.durationSeconds,
        method: cut.method,
        verification: cut.verification,
        mp4Url: keys.mp4,
        posterUrl: keys.poster,
        hlsUrl: keys.hls,
        timings: {
          fetchSeconds,
          cutSeconds,
          publishSeconds,
          totalSeconds: seconds(t0),
          ...(cut.stageMs ? { cutStagesMs: cut.stageMs } : {}),
        },
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** The archived segments of the bounds' epoch; a gap fails here, before any work folder exists. */
  private async coveringSegments(request: ClipRequest, plan: ClipPlan): Promise<ArchivedSegments> {
    const first = request.startFrame.mediaSequence;
    const last = request.endFrame.mediaSequence;
    const archived = await this.options.store.listArchivedSegments(plan.channel, first, last, request.epoch ?? 0);
    return checkCoverage(plan.channel, first, last, archived);
  }

  private fetchInto(segments: ArchivedSegments, dir: string): Promise<LocalSegment[]> {
    const fetchOptions = {
      ...(this.options.fetchConcurrency !== undefined ? { concurrency: this.options.fetchConcurrency } : {}),
      ...(this.options.fetchTimeoutMs !== undefined ? { timeoutMs: this.options.fetchTimeoutMs } : {}),
    };
    return fetchSegments(this.options.store, segments, dir, fetchOptions);
  }

  /** Cuts the exact frames of the request; a clip whose frame count or content is off is never published. */
  private async cutVerified(
    request: ClipRequest,
    plan: ClipPlan,
    local: LocalSegment[],
    paths: WorkPaths,
    timeoutMs: number,
  ): Promise<CutOutcome> {
    let cut: CutOutcome;
    try {
      cut = await this.cutter({
        segments: local,
        first: { mediaSequence: request.startFrame.mediaSequence, index: request.startFrame.index },
        last: { mediaSequence: request.endFrame.mediaSequence, index: request.endFrame.index },
        outputPath: paths.mp4,
        posterPath: paths.poster,
        frameRate: request.frameRate,
        timeoutMs,
      });
    } catch (error) {
      throw new ClipProductionError('cut', (error as Error).message, { cause: error });
    }
    verifyCut(cut, plan);
    return cut;
  }

  /** Remuxes the MP4 to VOD HLS and uploads MP4, poster and HLS all-or-nothing; returns their keys. */
  private async publishClip(
    plan: ClipPlan,
    dir: string,
    paths: WorkPaths,
    timeoutMs: number,
  ): Promise<ReturnType<typeof clipKeys>> {
    const { store } = this.options;
    const hls = await makeVodHls(paths.mp4, dir, plan.id, {
      timeoutMs,
      segmentSeconds: this.options.hlsSegmentSeconds ?? 2,
    });
    const keys = clipKeys(plan.channel, plan.id);
    const tsKey = keys.hls.replace(/\.m3u8$/, '.ts');
    const [mp4, poster, ts] = await Promise.all([readFile(paths.mp4), readFile(paths.poster), readFile(hls.tsPath)]);
    await publishAll(store, [
      { key: keys.mp4, body: mp4, contentType: CONTENT_TYPE_MP4, cacheControl: CLIP_CACHE_CONTROL },
      { key: keys.poster, body: poster, contentType: CONTENT_TYPE_JPEG, cacheControl: CLIP_CACHE_CONTROL },
      { key: tsKey, body: ts, contentType: CONTENT_TYPE_TS, cacheControl: CLIP_CACHE_CONTROL },
      { key: keys.hls, body: hls.playlist, contentType: CONTENT_TYPE_M3U8, cacheControl: CLIP_CACHE_CONTROL },
    ]);
    return keys;
  }
}

/** Rejects a cut whose frame count differs from the bounds or whose content does not match the source. */
function verifyCut(cut: CutOutcome, plan: ClipPlan): void {
  if (cut.frameCount !== plan.expectedFrameCount) {
    throw new ClipProductionError(
      'verify',
      `clip has ${cut.frameCount} frames, the bounds span ${plan.expectedFrameCount}`,
    );
  }
  if (!cut.verification.passed) {
    throw new ClipProductionError(
      'verify',
      `clip does not match the source (${cut.verification.method}${cut.verification.detail ? `: ${cut.verification.detail}` : ''})`,
    );
  }
}
