/**
 * The dashboard: owns the only poll timer, the last good copy of each feed (state.ts), the
 * notice, the header (navigation, health badges, feed time) and the current view. Each poll
 * fetches the base feeds and the view's own feeds in parallel — then, if the view needs feeds it
 * could only name once the base feeds arrived (e.g. one per channel), those too. A feed that
 * fails or is malformed keeps its last good data and puts a line in the notice; an optional feed
 * that does not exist yet is simply empty; polling always continues.
 */
import { DEFAULT_POLL_INTERVAL_MS } from './constants';
import { h, replaceChildren } from './dom';
import { FeedLoadError } from './errors';
import { loadText, type FetchLike } from './feeds/load';
import { PlayerManager, type PlayerFactory } from './player';
import { createView, siteNav } from './render/routes';
import type { RenderContext } from './render/context';
import { HealthBadges } from './render/health';
import { describeWarnings, Notice } from './render/notice';
import type { DashboardView } from './render/view';
import { parseRoute, type Route } from './router';
import { baseFeeds, emptyState, type FeedRequest, type FeedState } from './state';
import { localAndRelative, refreshTimes } from './time';
import type { DashboardConfig } from './types';

export interface DashboardOptions {
  /** Element the dashboard renders into (its children are replaced). */
  root: HTMLElement;
  config: DashboardConfig;
  /** Absolute URL of the directory holding index.html. */
  siteRoot: string;
  /** @default globalThis.fetch */
  fetch?: FetchLike;
  /** @default video.js core (lazy-loaded) */
  playerFactory?: PlayerFactory;
  /** @default video.js full build with its HLS engine (lazy-loaded, live view only) */
  liveFactory?: PlayerFactory;
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

export class Dashboard {
  readonly notice = new Notice();
  readonly players: PlayerManager;
  readonly state: FeedState = emptyState();
  private readonly ctx: RenderContext;
  private readonly main: HTMLElement;
  /** "Feeds updated …" line in the header, rewritten after each poll. */
  private readonly updated: HTMLElement;
  private readonly badges = new HealthBadges();
  private readonly feedsBase: string;
  private view?: DashboardView;
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = true;
  private polled = false;
  private firstRenderMarked = false;
  private inFlight?: Promise<void>;
  private again = false;
  private routeKey = '';
  private readonly onHashChange = () => {
    const route = parseRoute(window.location.hash);
    // A hash change that lands on the view already shown (e.g. `#` → `#/`) keeps it as it is.
    if (JSON.stringify(route) !== this.routeKey) this.showRoute(route, true);
  };
  private readonly onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') this.players.close();
  };

  constructor(private readonly options: DashboardOptions) {
    this.players = new PlayerManager(options.playerFactory);
    this.ctx = {
      policy: { siteRoot: options.siteRoot, mediaOrigin: options.config.mediaOrigin },
      players: this.players,
      ...(options.config.liveOrigin ? { liveOrigin: options.config.liveOrigin } : {}),
      ...(options.config.pipeline === false ? { pipeline: false } : {}),
      ...(options.liveFactory ? { liveFactory: options.liveFactory } : {}),
    };
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
      siteNav(options.config.pipeline !== false),
      // No badge list (not even an empty one) where no live pipeline reports on the site.
      options.config.pipeline === false ? null : this.badges.root,
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
    this.view?.dispose?.();
  }

  /**
   * One poll: fetch, parse, keep last good, render; then schedule the next poll. A call while a
   * poll is running (a route change) waits for it and polls once more, so polls never overlap
   * and only one timer chain exists.
   */
  async refresh(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = this.poll().finally(() => (this.inFlight = undefined));
    await this.inFlight;
    if (this.again && !this.stopped) {
      this.again = false;
      await this.refresh();
    }
  }

  private async poll(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    const started = performance.now();
    const first = [...baseFeeds(this.options.config.pipeline), ...(this.view?.feeds?.(this.state) ?? [])];
    await Promise.all(unique(first).map((r) => this.pull(r)));
    if (this.stopped) return;
    this.polled = true;
    this.renderTimed();
    // Feeds the view can only name now (e.g. per channel, once health.json told the channels).
    const done = new Set(first.map((r) => r.path));
    const more = unique(this.view?.feeds?.(this.state) ?? []).filter((r) => !done.has(r.path));
    if (more.length > 0) {
      await Promise.all(more.map((r) => this.pull(r)));
      if (this.stopped) return;
      this.renderTimed();
    }
    // `detail` names the feed version rendered, so a benchmark can find the refresh it caused.
    measure('catfinder:refresh', started, { clipsGeneratedAt: this.state.clips?.generatedAt });
    // Cleared again here: a route change may have started a second refresh meanwhile, and only
    // one timer may ever be pending.
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), this.options.config.pollIntervalMs || DEFAULT_POLL_INTERVAL_MS);
  }

  private renderTimed(): void {
    const renderStart = performance.now();
    this.render();
    measure('catfinder:render', renderStart);
    if (!this.firstRenderMarked && this.state.clips) {
      this.firstRenderMarked = true;
      performance.mark('catfinder:first-render');
      // rAF runs just before the frame is painted; a task queued from it runs after that paint.
      requestAnimationFrame(() => setTimeout(() => performance.mark('catfinder:first-paint'), 0));
    }
  }

  private async pull(request: FeedRequest): Promise<void> {
    const name = request.path;
    const url = new URL(name, this.feedsBase).href;
    try {
      const early = this.options.prefetched?.get(url);
      this.options.prefetched?.delete(url);
      const text = await (early ??
        loadText(url, { fetch: this.options.fetch, allowMissing: request.optional === true }));
      if (text === undefined) {
        if (!request.optional) throw new FeedLoadError(url, 'HTTP 404');
        this.state.missing.add(name);
        this.notice.set(name, undefined);
        return;
      }
      this.state.missing.delete(name);
      const result = request.parse(text);
      if (!result.ok) throw new FeedLoadError(url, result.problem);
      request.keep(this.state, result.value as never);
      this.notice.set(name, describeWarnings(name, result.warnings));
    } catch (error) {
      const reason = error instanceof FeedLoadError ? error.reason : String(error);
      this.notice.set(name, `Could not refresh ${name}: ${reason}. Showing the last good data; retrying.`);
    }
  }

  private showRoute(route: Route, fetchNow: boolean): void {
    this.players.close();
    this.view?.dispose?.();
    const view = createView(route, this.ctx);
    this.routeKey = JSON.stringify(route);
    // Notices of the view being left (its own feeds) go with it.
    const base = new Set(baseFeeds(this.options.config.pipeline).map((r) => r.path));
    for (const key of this.notice.sources)
      if (!base.has(key) && !key.startsWith('config-')) this.notice.set(key, undefined);
    replaceChildren(this.main, view.root);
    this.view = view;
    // The view's feeds are requested first: their fetches run while this first render happens.
    if (fetchNow && !this.stopped) void this.loadViewFeeds(view);
    this.render();
  }

  /**
   * Entering a view: fetch only its own feeds (the base feeds are at most one poll old) and
   * render; the poll timer is left alone.
   */
  private async loadViewFeeds(view: DashboardView): Promise<void> {
    const requests = unique(view.feeds?.(this.state) ?? []);
    if (requests.length === 0) return;
    await Promise.all(requests.map((r) => this.pull(r)));
    if (this.stopped || this.view !== view) return;
    this.render();
    // Feeds the view could only name now (e.g. per channel).
    const done = new Set(requests.map((r) => r.path));
    const more = unique(view.feeds?.(this.state) ?? []).filter((r) => !done.has(r.path));
    if (more.length === 0) return;
    await Promise.all(more.map((r) => this.pull(r)));
    if (!this.stopped && this.view === view) this.render();
  }

  private render(): void {
    this.view?.update(this.state);
    if (this.options.config.pipeline !== false) this.badges.update(this.state.health, this.polled);
    const generated = this.state.clips?.generatedAt ?? this.state.labels?.generatedAt;
    if (generated) {
      this.updated.textContent = `Feeds updated ${localAndRelative(generated)}`;
      this.updated.setAttribute('title', `${generated} (UTC)`);
    }
    refreshTimes(this.main);
  }
}

function unique(requests: readonly FeedRequest[]): FeedRequest[] {
  const seen = new Map<string, FeedRequest>();
  for (const r of requests) if (!seen.has(r.path)) seen.set(r.path, r);
  return [...seen.values()];
}
