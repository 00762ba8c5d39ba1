/**
 * The last good copy of every feed the dashboard has loaded, and how each is fetched. A view
 * says which feeds it needs (`FeedRequest`s); the dashboard fetches the base feeds plus those.
 */
import { parseClipsFeed, parseLabelFeed, parseLabelsFeed } from './feeds/parse';
import {
  parseAllLabelsFeed,
  parseCelebritiesFeed,
  parseClipDayFeed,
  parseClipDaysIndex,
  parseHealthFeed,
  parseRecentFeed,
} from './feeds/parse-extra';
import type {
  AllLabelsFeed,
  CelebritiesFeed,
  Clip,
  ClipDayFeed,
  ClipDaysIndex,
  ClipsFeed,
  HealthFeed,
  LabelFeed,
  LabelsFeed,
  ParseResult,
  RecentFeed,
} from './types';

export interface FeedState {
  clips?: ClipsFeed;
  labels?: LabelsFeed;
  allLabels?: AllLabelsFeed;
  health?: HealthFeed;
  labelFeeds: Map<string, LabelFeed>;
  celebrities?: CelebritiesFeed;
  recent: Map<string, RecentFeed>;
  days?: ClipDaysIndex;
  dayPages: Map<string, ClipDayFeed>;
  /** Optional feeds the last poll found missing (404), by path: views show "not there", not "loading". */
  missing: Set<string>;
}

export function emptyState(): FeedState {
  return { labelFeeds: new Map(), recent: new Map(), dayPages: new Map(), missing: new Set() };
}

export interface FeedRequest {
  /** Path under the feeds base; also the notice key. */
  path: string;
  parse: (input: unknown) => ParseResult<unknown>;
  keep: (state: FeedState, value: never) => void;
  /**
   * A feed written only once its producer has run (health, all labels, celebrities, a channel's
   * recent, history): 404 means "nothing yet", shown as the view's empty state, not a problem.
   */
  optional?: boolean;
}

function request<T>(
  path: string,
  parse: (input: unknown) => ParseResult<T>,
  keep: (state: FeedState, value: T) => void,
  optional = false,
): FeedRequest {
  return { path, parse, keep: keep as FeedRequest['keep'], optional };
}

const enc = encodeURIComponent;

export const FEEDS = {
  clips: request('clips.json', parseClipsFeed, (s, v) => (s.clips = v)),
  labels: request('labels.json', parseLabelsFeed, (s, v) => (s.labels = v)),
  allLabels: request('all-labels.json', parseAllLabelsFeed, (s, v) => (s.allLabels = v), true),
  health: request('health.json', parseHealthFeed, (s, v) => (s.health = v), true),
  days: request('clips/days.json', parseClipDaysIndex, (s, v) => (s.days = v), true),
  label: (name: string) =>
    request(`labels/${enc(name)}.json`, parseLabelFeed, (s, v) => s.labelFeeds.set(name, v), true),
  celebrities: request('celebrities.json', parseCelebritiesFeed, (s, v) => (s.celebrities = v), true),
  recent: (channel: string) =>
    request(`channels/${enc(channel)}/recent.json`, parseRecentFeed, (s, v) => s.recent.set(channel, v), true),
  day: (day: string) => request(`clips/days/${day}.json`, parseClipDayFeed, (s, v) => s.dayPages.set(day, v), true),
};

/** Feeds every view needs: the header (health badges, feed time) and the home view. */
export const BASE_FEEDS: readonly FeedRequest[] = [FEEDS.clips, FEEDS.labels, FEEDS.health, FEEDS.allLabels];

/** The base feeds of a site: without `health.json` where no live pipeline reports (a scan's result). */
export function baseFeeds(pipeline: boolean | undefined): readonly FeedRequest[] {
  return pipeline === false ? BASE_FEEDS.filter((r) => r !== FEEDS.health) : BASE_FEEDS;
}

/** Channels known from any feed, sorted. */
export function knownChannels(state: FeedState): string[] {
  const names = new Set<string>();
  state.health?.channels.forEach((c) => names.add(c.channel));
  state.allLabels?.labels.forEach((l) => names.add(l.channel));
  state.labels?.labels.forEach((l) => names.add(l.channel));
  state.clips?.clips.forEach((c) => names.add(c.channel));
  return [...names].sort();
}

/** Names of the watched labels (labels.json lists only those; all-labels marks them). */
export function watchedLabels(state: FeedState): string[] {
  const names = new Set<string>(state.labels?.labels.map((l) => l.name) ?? []);
  state.allLabels?.labels.forEach((l) => l.watched && names.add(l.name));
  return [...names].sort();
}

/** Every clip the dashboard holds: clips.json first, then the loaded history pages. */
export function allClips(state: FeedState): Clip[] {
  return [...(state.clips?.clips ?? []), ...[...state.dayPages.values()].flatMap((p) => p.clips)];
}
