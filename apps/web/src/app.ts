/**
 * The dashboard: owns the only poll timer, the last good copy of each feed, the notice and the
 * current view. Each poll fetches the feeds in parallel; a feed that fails or is malformed keeps
 * its last good data and puts a line in the notice; polling always continues.
 */
import { DEFAULT_POLL_INTERVAL_MS } from './constants';
import { h, replaceChildren } from './dom';
import { FeedLoadError } from './errors';
import { loadText, type FetchLike } from './feeds/load';
import { parseClipsFeed, parseLabelFeed, parseLabelsFeed } from './feeds/parse';
import { PlayerManager, type PlayerFactory } from './player';
import { ClipDetail } from './render/clipDetail';
import { ClipList } from './render/clipList';
import type { RenderContext } from './render/context';
import { LabelStrip } from './render/labels';
import { LabelView } from './render/labelView';
import { describeWarnings, Notice } from './render/notice';
import { parseRoute, type Route } from './router';
import type { ClipsFeed, DashboardConfig, LabelFeed, LabelsFeed, ParseResult } from './types';

export interface DashboardOptions {
  /** Element the dashboard renders into (its children are replaced). */
  root: HTMLElement;
  config: DashboardConfig;
  /** Absolute URL of the directory holding index.html. */
  siteRoot: string;
  /** @default globalThis.fetch */
  fetch?: FetchLike;
  /** @default video.js (lazy-loaded) */
  playerFactory?: PlayerFactory;
  /** Messages to show from the start (e.g. config problems). */
  initialProblems?: string[];
  /**
   * Feed requests already in flight, by absolute URL (started while config.json was loading);
   * each is used once, by the first poll. @default none
   */
  prefetched?: Map<string, Promise<string | undefined>>;
}

/** Keeps the newest user-timing entries only: a page left open for days polls 8640 times a day. */
const MAX_MEASURES = 50;

function measure(name: string, start: number, detail?: unknown): void {
  if (performance.getEntriesByName(name, 'measure').length >= MAX_MEASURES) performance.clearMeasures(name);
  performance.measure(name, { start, end: performance.now(), detail });
}

type View =
  | { kind: 'live'; labels: LabelStrip; clips: ClipList }
  | { kind: 'clip'; detail: ClipDetail }
  | { kind: 'label'; view: LabelView };

export class Dashboard {
  readonly notice = new Notice();
  readonly players: PlayerManager;
  private readonly ctx: RenderContext;
  private readonly main: HTMLElement;
  /** "Feeds generated …" line in the header, rewritten after each poll. */
  private readonly updated: HTMLElement;
  private readonly feedsBase: string;
  private labels?: LabelsFeed;
  private clips?: ClipsFeed;
  private readonly labelFeeds = new Map<string, LabelFeed>();
  private view?: View;
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = true;
  private firstRenderMarked = false;
  private readonly onHashChange = () => this.showRoute(parseRoute(window.location.hash), true);
  private readonly onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') this.players.close();
  };

  constructor(private readonly options: DashboardOptions) {
    this.players = new PlayerManager(options.playerFactory);
    this.ctx = { policy: { siteRoot: options.siteRoot, mediaOrigin: options.config.mediaOrigin }, players: this.players };
    this.feedsBase = new URL(options.config.feedsBase, options.siteRoot).href;
    this.main = h('main', { id: 'main', tabindex: -1 });
    this.updated = h('span', { class: 'updated', 'aria-live': 'off' });
    // The skip link must not touch the hash: the hash is the route.
    const skip = h('a', { class: 'skip', href: '#main' }, 'Skip to content');
    skip.addEventListener('click', (event) => {
      event.preventDefault();
      this.main.focus();
    });
    const header = h(
      'header',
      { class: 'top' },
      skip,
      h('h1', {}, h('a', { href: '#/' }, 'CatFinder')),
      this.updated,
    );
    replaceChildren(options.root, header, this.notice.root, this.main);
    (options.initialProblems ?? []).forEach((message, i) => this.notice.set(`config-${i}`, message));
  }

  /** Renders the current route, loads the feeds and starts polling. */
  async start(): Promise<void> {
    this.stopped = false;
    window.addEventListener('hashchange', this.onHashChange);
    document.addEventListener('keydown', this.onKeyDown);
    this.showRoute(parseRoute(window.location.hash), false);
    await this.refresh();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    window.removeEventListener('hashchange', this.onHashChange);
    document.removeEventListener('keydown', this.onKeyDown);
    this.players.close();
  }

  /** One poll: fetch, parse, keep last good, render; then schedule the next poll. */
  async refresh(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    const started = performance.now();
    const route = this.view?.kind === 'label' ? this.view.view.name : undefined;
    await Promise.all([
      this.pull('labels.json', parseLabelsFeed, (v) => (this.labels = v)),
      this.pull('clips.json', parseClipsFeed, (v) => (this.clips = v)),
      route === undefined
        ? Promise.resolve()
        : this.pull(`labels/${encodeURIComponent(route)}.json`, parseLabelFeed, (v) => this.labelFeeds.set(route, v)),
    ]);
    if (this.stopped) return;
    const renderStart = performance.now();
    this.render();
    measure('catfinder:render', renderStart);
    const generated = this.clips?.generatedAt ?? this.labels?.generatedAt;
    if (generated) this.updated.textContent = `Feeds generated ${generated}`;
    if (!this.firstRenderMarked && this.clips) {
      this.firstRenderMarked = true;
      performance.mark('catfinder:first-render');
      // rAF runs just before the frame is painted; a task queued from it runs after that paint.
      requestAnimationFrame(() => setTimeout(() => performance.mark('catfinder:first-paint'), 0));
    }
    // `detail` names the feed version rendered, so a benchmark can find the refresh it caused.
    measure('catfinder:refresh', started, { clipsGeneratedAt: this.clips?.generatedAt });
    // Cleared again here: a route change may have started a second refresh meanwhile, and only
    // one timer may ever be pending.
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), this.options.config.pollIntervalMs || DEFAULT_POLL_INTERVAL_MS);
  }

  private async pull<T>(name: string, parse: (input: unknown) => ParseResult<T>, keep: (value: T) => void): Promise<void> {
    const url = new URL(name, this.feedsBase).href;
    try {
      const early = this.options.prefetched?.get(url);
      this.options.prefetched?.delete(url);
      const text = await (early ?? loadText(url, { fetch: this.options.fetch }));
      const result = parse(text);
      if (!result.ok) throw new FeedLoadError(url, result.problem);
      keep(result.value);
      this.notice.set(name, describeWarnings(name, result.warnings));
    } catch (error) {
      const reason = error instanceof FeedLoadError ? error.reason : String(error);
      this.notice.set(name, `Could not refresh ${name}: ${reason}. Showing the last good data; retrying.`);
    }
  }

  private showRoute(route: Route, fetchNow: boolean): void {
    this.players.close();
    let view: View;
    if (route.kind === 'clip') {
      view = { kind: 'clip', detail: new ClipDetail(route.id, this.ctx) };
      replaceChildren(this.main, view.detail.root);
    } else if (route.kind === 'label') {
      view = { kind: 'label', view: new LabelView(route.name, this.ctx) };
      replaceChildren(this.main, view.view.root);
    } else {
      view = { kind: 'live', labels: new LabelStrip(this.ctx), clips: new ClipList(this.ctx) };
      replaceChildren(this.main, view.labels.root, view.clips.root);
    }
    // Label notices belong to the label view being left.
    for (const name of this.labelFeeds.keys()) this.notice.set(`labels/${encodeURIComponent(name)}.json`, undefined);
    this.view = view;
    this.render();
    if (fetchNow && route.kind === 'label' && !this.stopped) void this.refresh();
  }

  private render(): void {
    const view = this.view;
    if (!view) return;
    if (view.kind === 'live') {
      if (this.labels) view.labels.update(this.labels.labels);
      if (this.clips) view.clips.update(this.clips.clips);
    } else if (view.kind === 'clip') {
      view.detail.update(this.clips?.clips);
    } else {
      view.view.update(this.labelFeeds.get(view.view.name));
    }
  }
}
