/**
 * `feeds/all-labels.json` of a scan: every label the detector returned at or above libs/store's
 * default confidence, watched or not, folded per part with libs/store's own `foldSegmentLabels`
 * and written in its `AllLabelsFeed` shape — what parse publishes from DynamoDB live, from memory.
 * Each label's thumbnail is its best-confidence sample so far, at libs/store's `labelThumbnailKey`.
 */
import {
  ALL_LABELS_FEED_KEY,
  ALL_LABELS_FEED_LIMIT,
  DEFAULT_ALL_LABELS_MIN_CONFIDENCE,
  foldSegmentLabels,
  labelThumbnailKey,
  relativeUrl,
  validateLabel,
  type AllLabelsEntry,
  type AllLabelsFeed,
  type LabelledSample,
} from '@catfinder/store';
import type { ProcessedSample } from '../apps';

interface Entry {
  readonly first: LabelledSample;
  last: LabelledSample;
  count: number;
  /** The latest part's best, as the live feed's `confidence` ("last confidence"). */
  confidence: number;
  /** Best confidence so far: the thumbnail's sample. */
  best: number;
  watched: boolean;
}

/** A thumbnail to write: the sample's JPEG (by index within its part) at `key`. */
/** libs/store's sample shape plus the sample's index in its part (to find its JPEG). */
type IndexedSample = LabelledSample & { readonly index: number };

export interface LabelThumbnail {
  readonly key: string;
  readonly sampleIndex: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Labels a key cannot hold (detector labels are free text) are left out, as libs/store does. */
function keyable(name: string): boolean {
  try {
    validateLabel(name);
    return true;
  } catch {
    return false;
  }
}

export class AllLabelsBook {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly channel: string,
    private readonly watched: readonly string[],
    private readonly minConfidence = DEFAULT_ALL_LABELS_MIN_CONFIDENCE,
  ) {}

  /** Folds one part's samples; returns the thumbnails that changed (a new label or a better sample). */
  addPart(samples: readonly ProcessedSample[]): LabelThumbnail[] {
    const labelled = samples.map((s): IndexedSample => ({
      time: s.time,
      frame: s.frameLabel,
      index: s.index,
      labels: s.labels,
    }));
    const thumbnails: LabelThumbnail[] = [];
    for (const label of foldSegmentLabels(labelled, this.minConfidence)) {
      if (!keyable(label.name)) continue;
      const prior = this.entries.get(label.name);
      this.entries.set(label.name, {
        first: prior?.first ?? label.first,
        last: label.last,
        count: (prior?.count ?? 0) + label.count,
        confidence: label.confidence,
        best: Math.max(prior?.best ?? 0, label.confidence),
        watched: this.watched.includes(label.name),
      });
      if (prior === undefined || label.confidence > prior.best)
        thumbnails.push({
          key: labelThumbnailKey(this.channel, label.name),
          sampleIndex: (label.best as IndexedSample).index,
        });
    }
    return thumbnails;
  }

  /** The feed: newest `lastSeen` first, at most libs/store's limit, as the live feed lists them. */
  feed(now: Date): AllLabelsFeed {
    const labels = [...this.entries]
      .map(([name, e]): AllLabelsEntry => ({
        channel: this.channel,
        name,
        count: e.count,
        firstSeen: iso(e.first.time),
        firstSeenFrame: e.first.frame,
        lastSeen: iso(e.last.time),
        lastSeenFrame: e.last.frame,
        confidence: e.confidence,
        thumbnailUrl: relativeUrl(labelThumbnailKey(this.channel, name)),
        watched: e.watched,
      }))
      .sort((a, b) => b.lastSeen.localeCompare(a.lastSeen) || a.name.localeCompare(b.name))
      .slice(0, ALL_LABELS_FEED_LIMIT);
    return { version: 1, generatedAt: now.toISOString(), labels };
  }

  /** [key, JSON text] for the output folder. */
  output(now: Date): [string, string] {
    return [ALL_LABELS_FEED_KEY, JSON.stringify(this.feed(now), null, 1)];
  }
}
