/** Browser entry: resolve configuration (build env, then config.json), then start the dashboard. */
import { Dashboard } from './app';
import { resolveConfig } from './config';
import { CONFIG_FILE_NAME } from './constants';
import { FeedLoadError } from './errors';
import { loadText } from './feeds/load';
import { siteRootOf } from './urls';
import './styles.css';

async function readConfigJson(siteRoot: string): Promise<{ value?: unknown; problem?: string }> {
  const url = new URL(CONFIG_FILE_NAME, siteRoot).href;
  try {
    const text = await loadText(url, { allowMissing: true });
    return text === undefined ? {} : { value: JSON.parse(text) };
  } catch (error) {
    const reason = error instanceof FeedLoadError ? error.reason : `not valid JSON (${(error as Error).message})`;
    return { problem: `${CONFIG_FILE_NAME}: ${reason}; using the built-in settings.` };
  }
}

/**
 * Starts fetching the two main feeds from the build-time location while config.json loads, so
 * the first render does not wait for two round trips in a row. If config.json moves the feeds,
 * these requests are simply not used.
 */
function prefetchFeeds(siteRoot: string, feedsBase: string): Map<string, Promise<string | undefined>> {
  const prefetched = new Map<string, Promise<string | undefined>>();
  // The base feeds of every view (state.ts BASE_FEEDS); the last two may not exist yet.
  for (const [name, allowMissing] of [
    ['clips.json', false],
    ['labels.json', false],
    ['health.json', true],
    ['all-labels.json', true],
  ] as const) {
    const url = new URL(name, new URL(feedsBase, siteRoot)).href;
    const request = loadText(url, { allowMissing });
    request.catch(() => undefined); // reported by the dashboard if it uses this request
    prefetched.set(url, request);
  }
  return prefetched;
}

async function boot(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) throw new Error('index.html has no #app element');
  const siteRoot = siteRootOf(document.baseURI);
  const prefetched = prefetchFeeds(siteRoot, resolveConfig(import.meta.env, undefined).config.feedsBase);
  const configJson = await readConfigJson(siteRoot);
  const { config, errors } = resolveConfig(import.meta.env, configJson.value);
  const problems = [
    ...(configJson.problem ? [configJson.problem] : []),
    ...errors.map((e) => `${e.message}; ignored.`),
  ];
  const dashboard = new Dashboard({ root, config, siteRoot, initialProblems: problems, prefetched });
  await dashboard.start();
}

void boot();
