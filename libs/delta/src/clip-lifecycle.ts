/**
 * The record life both clippers share: plan → create `pending` (or find the clip these bounds
 * already have) → `cutting` → produce → `ready` | `failed`, refreshing the clips feed after each
 * visible change. A failure is recorded with its reason and never thrown, so the caller (prekog)
 * always gets a record back. A repeat request returns the existing clip; only a `cutting` clip
 * whose cutter went silent (crashed) is taken over and redone.
 */
import { planClip, type ClipPlan } from './clip-plan';
import type { ClipUpdate, ClipperStore } from './store-port';
import type { ClipMethod, ClipRecord, ClipRequest, ClipResult, ClipTimings, ClipVerification } from './types';

/** What a clipper's production step hands back on success. */
export interface Produced {
  frameCount: number;
  durationSeconds: number;
  method?: ClipMethod;
  verification?: ClipVerification;
  mp4Url: string;
  posterUrl?: string;
  hlsUrl?: string;
  timings?: ClipTimings;
}

export interface LifecycleOptions {
  store: ClipperStore;
  maxClipSeconds: number;
  /**
   * A `cutting` clip silent for this long is taken to be from a crashed run and is redone.
   * @default 600000
   */
  staleCuttingMs?: number;
  now?: () => number;
}

const DEFAULT_STALE_CUTTING_MS = 600_000;

function pendingRecord(plan: ClipPlan, request: ClipRequest, createdAt: string): ClipRecord {
  const record: ClipRecord = {
    id: plan.id,
    channel: plan.channel,
    label: plan.label,
    status: 'pending',
    start: plan.start,
    end: plan.end,
    startFrame: plan.startFrame,
    endFrame: plan.endFrame,
    frameCount: plan.expectedFrameCount,
    durationSeconds: plan.expectedDurationSeconds,
    cuts: plan.cuts,
    createdAt,
  };
  if (request.detectorCalls !== undefined) record.detectorCalls = request.detectorCalls;
  if (request.appearanceId !== undefined) record.appearanceId = request.appearanceId;
  if (request.cutShortBy !== undefined) record.cutShortBy = request.cutShortBy;
  return record;
}

export async function runClipLifecycle(
  request: ClipRequest,
  options: LifecycleOptions,
  produce: (plan: ClipPlan) => Promise<Produced>,
): Promise<ClipResult> {
  const { store } = options;
  const now = options.now ?? Date.now;
  const plan = planClip(request, options.maxClipSeconds);

  const { created, clip: existing } = await store.createClip(
    pendingRecord(plan, request, new Date(now()).toISOString()),
  );
  if (!created && (existing.status === 'ready' || existing.status === 'failed'))
    return { clip: existing, created: false };

  // The store creates records without detector calls; they travel with the outcome.
  const extra: ClipUpdate = request.detectorCalls === undefined ? {} : { detectorCalls: request.detectorCalls };
  const fail = async (reason: string): Promise<ClipResult> => {
    const failed = await store.updateClip(plan.id, 'failed', { ...extra, reason });
    await store.refreshClipsFeed();
    return { clip: failed ?? (await store.getClip(plan.id)) ?? existing, created };
  };
  if (plan.problem) return fail(plan.problem);

  const cutting = await store.updateClip(
    plan.id,
    'cutting',
    {},
    { staleCuttingMs: options.staleCuttingMs ?? DEFAULT_STALE_CUTTING_MS },
  );
  // Someone else is cutting these bounds right now: theirs is the clip.
  if (!cutting) return { clip: (await store.getClip(plan.id)) ?? existing, created: false };
  // The feed shows `cutting` while the clip is made: refreshed alongside, not before, the cut.
  const cuttingFeed = store.refreshClipsFeed();
  let produced: Produced;
  try {
    [produced] = await Promise.all([produce(plan), cuttingFeed]);
  } catch (error) {
    await cuttingFeed.catch(() => undefined);
    return fail((error as Error).message);
  }

  const update: ClipUpdate = {
    ...extra,
    frameCount: produced.frameCount,
    durationSeconds: produced.durationSeconds,
    mp4Url: produced.mp4Url,
  };
  if (produced.method) update.method = produced.method;
  if (produced.verification) update.verification = produced.verification;
  if (produced.posterUrl) update.posterUrl = produced.posterUrl;
  if (produced.hlsUrl) update.hlsUrl = produced.hlsUrl;
  if (request.lastSegmentSeenAt !== undefined) {
    const seen = Date.parse(request.lastSegmentSeenAt);
    // Measured as the record goes into the feed; the feed write itself takes milliseconds.
    if (Number.isFinite(seen)) update.latencySeconds = Math.max(0, (now() - seen) / 1000);
  }
  const ready = await store.updateClip(plan.id, 'ready', update);
  await store.refreshClipsFeed();
  // A store that cannot hold an absolute URL (a Delta MP4 endpoint) drops it; the caller gets it.
  const clip = ready
    ? { ...ready, mp4Url: ready.mp4Url ?? produced.mp4Url }
    : { ...cutting, ...update, status: 'ready' as const };
  const result: ClipResult = { clip, created: true };
  if (produced.timings) result.timings = produced.timings;
  return result;
}
