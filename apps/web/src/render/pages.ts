/** The views that combine pieces: home, a label's page, a clip's page. */
import { h, replaceChildren } from '../dom';
import { FEEDS, allClips, watchedLabels, type FeedRequest, type FeedState } from '../state';
import { CelebritiesColumn, celebrityFeeds } from './celebrities';
import { ClipDetail } from './clipDetail';
import { ClipList } from './clipList';
import type { RenderContext } from './context';
import { LabelStrip, labelRows, labelSummary } from './labels';
import { LabelView } from './labelView';
import type { DashboardView } from './view';

/** `#/`: every label and the celebrities side by side, then the newest clips. */
export class HomeView implements DashboardView {
  readonly root: HTMLElement;
  readonly labels: LabelStrip;
  readonly celebrities: CelebritiesColumn;
  readonly clips: ClipList;

  constructor(ctx: RenderContext) {
    this.labels = new LabelStrip(ctx);
    this.celebrities = new CelebritiesColumn(ctx);
    this.clips = new ClipList(ctx);
    const more = h('p', { class: 'more' }, h('a', { href: '#/history' }, 'Older clips: history by day →'));
    this.root = h(
      'div',
      { class: 'home' },
      h('div', { class: 'columns' }, this.labels.root, this.celebrities.root),
      this.clips.root,
      more,
    );
  }

  feeds(): FeedRequest[] {
    return celebrityFeeds();
  }

  update(state: FeedState): void {
    if (state.labels || state.allLabels) this.labels.update(labelRows(state));
    this.celebrities.update(state);
    if (state.clips) this.clips.update(state.clips.clips);
  }
}

/** `#/labels/<name>`: the label per channel, then its appearances when it is watched. */
export class LabelPage implements DashboardView {
  readonly root: HTMLElement;
  private readonly summary = h('div', {});
  private readonly appearances: LabelView;

  constructor(
    readonly name: string,
    private readonly ctx: RenderContext,
  ) {
    this.appearances = new LabelView(name, ctx);
    this.root = h('div', { class: 'label-page' }, this.appearances.root);
    this.appearances.root.insertBefore(this.summary, this.appearances.root.querySelector('.label-body'));
  }

  /** Appearances exist for watched labels only: no request (and no 404) for the others. */
  feeds(state: FeedState): FeedRequest[] {
    const known = state.labels !== undefined || state.allLabels !== undefined;
    return !known || watchedLabels(state).includes(this.name) ? [FEEDS.label(this.name)] : [];
  }

  update(state: FeedState): void {
    replaceChildren(this.summary, labelSummary(this.name, state, this.ctx));
    const feed = state.labelFeeds.get(this.name);
    if (feed) this.appearances.update(feed);
    else if (state.labels && !watchedLabels(state).includes(this.name))
      this.appearances.showNote('Not a watched label: its appearances are not tracked or clipped.');
  }
}

/** `#/clips/<id>`: from clips.json, or from the history day page named in the link. */
export class ClipPage implements DashboardView {
  readonly root: HTMLElement;
  private readonly detail: ClipDetail;

  constructor(
    id: string,
    private readonly day: string | undefined,
    ctx: RenderContext,
  ) {
    this.detail = new ClipDetail(id, ctx);
    this.root = this.detail.root;
  }

  feeds(): FeedRequest[] {
    return this.day ? [FEEDS.day(this.day)] : [];
  }

  update(state: FeedState): void {
    // A history link waits for its day page (unless it does not exist), so the clip is not
    // reported missing meanwhile.
    if (!state.clips || (this.day && !state.dayPages.has(this.day) && !state.missing.has(FEEDS.day(this.day).path)))
      return;
    this.detail.update(allClips(state));
  }
}
