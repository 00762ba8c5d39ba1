/**
 * `feeds/all-labels.json` of a scan: every label the detector returned at or above libs/store's
 * default confidence, watched or not, folded per part with libs/store's own `foldSegmentLabels`
 * and written in its `AllLabelsFeed` shape — what parse publishes from DynamoDB live, from memory.
 * An entry means what the live one means: `confidence` is the best of the latest part the label
 * was seen in, and the thumbnail (libs/store's `labelThumbnailKey`) is that same sample. Live,
 * libs/store replaces a thumbnail at most every 10 minutes to save copies; a scan keeps each
 * label's latest JPEG in memory (one per label) and writes it once, with the feed.
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
  /** JPEG of the latest part's best sample: the thumbnail. */
  thumbnail: Uint8Array | undefined;
  watched: boolean;
}

/** libs/store's sample shape plus the sample's index in its part (to find its JPEG). */
type IndexedSample = LabelledSample & { readonly index: number };

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

  /** Folds one part's samples; `images` are their JPEGs by sample index. */
  addPart(samples: readonly ProcessedSample[], images: ReadonlyMap<number, Uint8Array>): void {
    const labelled = samples.map((s): IndexedSample => ({
      time: s.time,
      frame: s.frameLabel,
      index: s.index,
      labels: s.labels,
    }));
    for (const label of foldSegmentLabels(labelled, this.minConfidence)) {
      if (!keyable(label.name)) continue;
      const prior = this.entries.get(label.name);
      this.entries.set(label.name, {
        first: prior?.first ?? label.first,
        last: label.last,
        count: (prior?.count ?? 0) + label.count,
        confidence: label.confidence,
        // A missing JPEG keeps the older thumbnail, as live keeps it when the sample has expired.
        thumbnail: images.get((label.best as IndexedSample).index) ?? prior?.thumbnail,
        watched: this.watched.includes(label.name),
      });
    }
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
        ...(e.thumbnail ? { thumbnailUrl: relativeUrl(labelThumbnailKey(this.channel, name)) } : {}),
        watched: e.watched,
      }))
      .sort((a, b) => b.lastSeen.localeCompare(a.lastSeen) || a.name.localeCompare(b.name))
      .slice(0, ALL_LABELS_FEED_LIMIT);
    return { version: 1, generatedAt: now.toISOString(), labels };
  }

  /** [key, body] for the output folder: the feed, then the thumbnail of each label it lists. */
  outputs(now: Date): [string, string | Uint8Array][] {
    const feed = this.feed(now);
    const thumbnails = feed.labels.flatMap((l): [string, Uint8Array][] => {
      const bytes = this.entries.get(l.name)?.thumbnail;
      return bytes ? [[labelThumbnailKey(this.channel, l.name), bytes]] : [];
    });
    return [[ALL_LABELS_FEED_KEY, JSON.stringify(feed, null, 1)], ...thumbnails];
  }
}
