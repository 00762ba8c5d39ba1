/**
 * The record life both clippers share: plan → (existing clip? return it) → `cutting` → produce →
 * `ready` | `failed`, refreshing the clips feed after each visible change. A failure is recorded
 * with its reason and never thrown, so the caller (prekog) always gets a record back.
 */
import { planClip, type ClipPlan } from './clip-plan';
import type { ClipStore } from './store-port';
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
  store: ClipStore;
  maxClipSeconds: number;
  /**
   * A `cutting` record older than this is taken to be from a crashed run and is redone.
   * @default 600
   */
  staleCuttingSeconds?: number;
  now?: () => number;
}

const DEFAULT_STALE_CUTTING_SECONDS = 600;

function baseRecord(plan: ClipPlan, request: ClipRequest, createdAt: string): ClipRecord {
  const record: ClipRecord = {
    id: plan.id,
    channel: plan.channel,
    label: plan.label,
    status: 'cutting',
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

  const existing = await store.getClip(plan.id);
  if (existing) {
    const ageSeconds = (now() - Date.parse(existing.createdAt)) / 1000;
    const stale = existing.status === 'cutting' && ageSeconds > (options.staleCuttingSeconds ?? DEFAULT_STALE_CUTTING_SECONDS);
    // ready: the clip exists; cutting: another run is making it. A failed clip is retried, since
    // its cause (e.g. segments not yet archived) may have passed.
    if (existing.status === 'ready' || (existing.status === 'cutting' && !stale)) return { clip: existing, created: false };
  }

  const createdAt = existing?.createdAt ?? new Date(now()).toISOString();
  const record = baseRecord(plan, request, createdAt);

  if (plan.problem) {
    const failed: ClipRecord = { ...record, status: 'failed', reason: plan.problem };
    await store.putClip(failed);
    await store.refreshClipsFeed();
    return { clip: failed, created: true };
  }

  await store.putClip(record);
  await store.refreshClipsFeed();
  let produced: Produced;
  try {
    produced = await produce(plan);
  } catch (error) {
    const failed: ClipRecord = { ...record, status: 'failed', reason: (error as Error).message };
    await store.putClip(failed);
    await store.refreshClipsFeed();
    return { clip: failed, created: true };
  }

  const ready: ClipRecord = {
    ...record,
    status: 'ready',
    frameCount: produced.frameCount,
    durationSeconds: produced.durationSeconds,
    mp4Url: produced.mp4Url,
  };
  if (produced.method) ready.method = produced.method;
  if (produced.verification) ready.verification = produced.verification;
  if (produced.posterUrl) ready.posterUrl = produced.posterUrl;
  if (produced.hlsUrl) ready.hlsUrl = produced.hlsUrl;
  if (request.lastSegmentSeenAt !== undefined) {
    const seen = Date.parse(request.lastSegmentSeenAt);
    // Measured as the record goes into the feed; the feed write itself is milliseconds.
    if (Number.isFinite(seen)) ready.latencySeconds = Math.max(0, (now() - seen) / 1000);
  }
  await store.putClip(ready);
  await store.refreshClipsFeed();
  const result: ClipResult = { clip: ready, created: true };
  if (produced.timings) result.timings = produced.timings;
  return result;
}
