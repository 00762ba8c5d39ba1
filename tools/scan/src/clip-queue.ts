/**
 * Stage 3 of a scan: each closed appearance goes to prekog's own `runPrekog` — clip bounds from
 * the scene cuts (`boundsFor` → `computeClipBounds` over a `FrameTimeline`), then libs/delta's
 * built-in clipper (libs/media's frame-accurate smart cut, verified) — one clip at a time, in
 * the background while the scan goes on. A queued appearance pins the parts it may need.
 */
import type { ClipMaker, LogSink, PrekogDeps } from './apps';
import { runPrekog } from './apps';
import { prekogEventFor, type AppearanceEvent, type Trigger } from './apps';
import type { ScanMemoryStore } from './memory-store';
import type { ScanClip } from './types';

type ClosedAppearance = Extract<AppearanceEvent, { type: 'closed' }>['appearance'];

export interface ClipQueueOptions {
  readonly store: ScanMemoryStore;
  readonly clipper: ClipMaker;
  readonly triggers: readonly Trigger[];
  readonly maxClipSeconds: number;
  /** Called when a clip is ready (or failed), for progress and the label feeds. */
  readonly onClip?: (clip: ScanClip, appearanceId: string) => void;
}

export class ClipQueue {
  readonly clips: ScanClip[] = [];
  readonly problems: string[] = [];
  private tail: Promise<void> = Promise.resolve();
  private readonly pins = new Map<string, number>();
  private readonly logger: LogSink;

  constructor(private readonly options: ClipQueueOptions) {
    const note = (message: string, extra?: Record<string, unknown>): void => {
      this.problems.push(`${message}${extra?.['error'] ? `: ${String(extra['error'])}` : ''}`);
    };
    this.logger = { info: () => undefined, warn: note, error: note };
  }

  /** Earliest media time (ms) a queued clip may still need, if any. */
  pinnedFromMs(): number | undefined {
    return this.pins.size === 0 ? undefined : Math.min(...this.pins.values());
  }

  add(appearance: ClosedAppearance): void {
    const trigger = this.options.triggers.find((t) => t.label === appearance.label);
    const roll = {
      preRollSeconds: trigger?.preRollSeconds ?? 0,
      postRollSeconds: trigger?.postRollSeconds ?? 0,
      maxClipSeconds: this.options.maxClipSeconds,
    };
    this.pins.set(appearance.id, appearance.firstMatch.time - (roll.maxClipSeconds + roll.preRollSeconds + 1) * 1000);
    const event = prekogEventFor(appearance, roll);
    this.tail = this.tail.then(() => this.run(event)).finally(() => this.pins.delete(appearance.id));
  }

  /** Resolves once every queued clip is done. */
  drain(): Promise<void> {
    return this.tail;
  }

  private async run(event: ReturnType<typeof prekogEventFor>): Promise<void> {
    const deps: PrekogDeps = {
      store: this.options.store,
      clipper: async () => this.options.clipper,
      logger: this.logger,
    };
    try {
      const result = await runPrekog(event, deps);
      if (result.status !== 'clipped') return;
      const rate = result.bounds.frameRate;
      const clip: ScanClip = {
        record: result.clip,
        firstFrame: Math.round((result.bounds.startTime * rate) / 1000),
        lastFrame: Math.round((result.bounds.endTime * rate) / 1000),
        frameRate: rate,
      };
      this.clips.push(clip);
      if (result.clip.status !== 'ready')
        this.problems.push(
          `clip ${result.clip.id} (${event.label}) ${result.clip.status}: ${result.clip.reason ?? 'unknown reason'}`,
        );
      this.options.onClip?.(clip, event.appearanceId);
    } catch (error) {
      this.problems.push(`appearance ${event.appearanceId} (${event.label}): no clip: ${(error as Error).message}`);
    }
  }
}
