/**
 * The label feeds of a scan, built with libs/store's own feed builders so they have exactly the
 * shapes the dashboard reads: `feeds/labels.json` (one summary per label) and
 * `feeds/labels/<Label>.json` (its appearances with their samples and clip ids).
 */
import type { AppearanceEvent, TrackResult } from '../apps';
import {
  buildLabelFeed,
  buildLabelsFeed,
  frameLabel,
  labelFeedKey,
  LABELS_FEED_KEY,
  type Appearance,
  type AppearanceSample,
  type LabelSummary,
} from '@catfinder/store';

type LabelSighting = TrackResult['sightings'][number];
type ParseAppearanceSample = TrackResult['samplesByAppearance'] extends Map<string, (infer S)[]> ? S : never;

/** Samples kept per appearance for its feed entry (the newest). */
const SAMPLES_PER_APPEARANCE = 50;

interface AppearanceEntry {
  id: string;
  label: string;
  open: boolean;
  start: number;
  end?: number;
  clipId?: string;
  samples: AppearanceSample[];
}

export class LabelBook {
  private readonly summaries = new Map<string, LabelSummary>();
  private readonly appearances = new Map<string, AppearanceEntry>();

  constructor(
    private readonly channel: string,
    private readonly frameRate: () => number,
  ) {}

  addSightings(sightings: readonly LabelSighting[]): void {
    for (const s of sightings) {
      const prior = this.summaries.get(s.label);
      this.summaries.set(s.label, {
        channel: this.channel,
        name: s.label,
        count: (prior?.count ?? 0) + 1,
        lastSeen: s.time,
        lastSeenFrame: s.frameLabel,
        confidence: s.confidence,
        thumbnailKey: s.thumbnailKey,
      });
    }
  }

  addEvents(
    events: readonly AppearanceEvent[],
    samplesByAppearance: ReadonlyMap<string, readonly ParseAppearanceSample[]>,
  ): void {
    for (const e of events) {
      const a = e.appearance;
      const entry = this.appearances.get(a.id) ?? {
        id: a.id,
        label: a.label,
        open: true,
        start: a.firstMatch.time,
        samples: [],
      };
      if (e.type === 'closed') {
        entry.open = false;
        entry.end = a.lastMatch.time;
      }
      this.appearances.set(a.id, entry);
    }
    for (const [id, rows] of samplesByAppearance) {
      const entry = this.appearances.get(id);
      if (!entry) continue;
      entry.samples.push(
        ...rows.map((r) => ({
          time: r.time,
          frame: r.frameLabel,
          mediaSequence: r.frame.mediaSequence,
          index: r.frame.index,
          ...(r.imageKey ? { imageKey: r.imageKey } : {}),
          confidence: r.confidence,
          matched: r.matched,
          isCut: r.isCut,
        })),
      );
      entry.samples = dedupe(entry.samples).slice(-SAMPLES_PER_APPEARANCE);
    }
  }

  setClip(appearanceId: string, clipId: string): void {
    const entry = this.appearances.get(appearanceId);
    if (entry) entry.clipId = clipId;
  }

  /** Every feed as [key, JSON text]. */
  feeds(now: Date): [string, string][] {
    const out: [string, string][] = [
      [LABELS_FEED_KEY, JSON.stringify(buildLabelsFeed([...this.summaries.values()], now), null, 1)],
    ];
    const labels = new Set([...this.summaries.keys(), ...[...this.appearances.values()].map((a) => a.label)]);
    for (const label of labels) {
      const list = [...this.appearances.values()]
        .filter((a) => a.label === label)
        .map((a) => this.toAppearance(a, now));
      out.push([
        labelFeedKey(label),
        JSON.stringify(buildLabelFeed(label, list, now, Number.MAX_SAFE_INTEGER), null, 1),
      ]);
    }
    return out;
  }

  private toAppearance(a: AppearanceEntry, now: Date): Appearance {
    const rate = this.frameRate();
    return {
      id: a.id,
      channel: this.channel,
      label: a.label,
      open: a.open,
      start: a.start,
      startFrame: frameLabel(a.start, rate),
      ...(a.end === undefined ? {} : { end: a.end, endFrame: frameLabel(a.end, rate) }),
      samples: a.samples,
      ...(a.clipId ? { clipId: a.clipId } : {}),
      version: 1,
      createdAt: now.getTime(),
      updatedAt: now.getTime(),
    };
  }
}

function dedupe(samples: AppearanceSample[]): AppearanceSample[] {
  const seen = new Set<string>();
  return samples.filter((s) => {
    const key = `${s.mediaSequence}/${s.index}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
