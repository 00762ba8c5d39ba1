/**
 * Public entry of @catfinder/web for other workspace projects (the local stack, tests): feed
 * parsers and the shape of the deploy-time `config.json`. The browser entry is `src/main.ts`;
 * the built site is `apps/web/dist` (`nx run web:build`).
 */
export { parseClipsFeed, parseLabelFeed, parseLabelsFeed } from './feeds/parse';
export {
  parseAllLabelsFeed,
  parseCelebritiesFeed,
  parseClipDayFeed,
  parseClipDaysIndex,
  parseHealthFeed,
  parseRecentFeed,
} from './feeds/parse-extra';
export { judgeHealth, HEALTH_LIMITS, type HealthLevel, type HealthVerdict } from './health';
export { resolveConfig, type BuildEnv } from './config';
export { safeMediaUrl, type UrlPolicy } from './urls';
export { CONFIG_FILE_NAME, DEFAULT_FEEDS_BASE, DEFAULT_POLL_INTERVAL_MS } from './constants';
export { DashboardError, FeedLoadError, ConfigError } from './errors';
export type * from './types';

/** Shape of `config.json` written next to index.html at deploy time (every field optional). */
export interface RuntimeConfigFile {
  /** Feeds directory, relative to the site root or absolute. @default 'feeds/' */
  feedsBase?: string;
  /** Origin media URLs resolve against. @default the site itself */
  mediaOrigin?: string;
  /** Poll period in ms. @default 10000 */
  pollIntervalMs?: number;
  /** Origin the live channel's playlist may come from (its packager/CDN). @default none */
  liveOrigin?: string;
}
