/**
 * Clip history: `#/history` lists the days that have clips (feeds/clips/days.json); a day page
 * (`#/history/<YYYY-MM-DD>`, one UTC day, feeds/clips/days/<day>.json) lists every clip of that
 * day as a compact row, with filters by label, channel and person. Filtering toggles `hidden` on
 * rows built once, so 1,000 clips filter without rebuilding anything.
 */
import { h, replaceChildren } from '../dom';
import { describeStatus, formatDuration } from '../format';
import { clipHref, historyHref } from '../router';
import { FEEDS, type FeedRequest, type FeedState } from '../state';
import type { Clip, ClipDayFeed, ClipDaysIndex } from '../types';
import { formatUtcDay, frameText, setTime } from '../time';
import { safeMediaUrl } from '../urls';
import { celebrityFeeds, sightings } from './celebrities';
import { emptyNote } from './common';
import type { RenderContext } from './context';
import type { DashboardView } from './view';

const LIVE_HINT = 'One page per UTC day; times are shown in your time zone.';
export const SCAN_HINT =
  'One page per UTC day the scan cut clips on; clip times are positions in the scanned file (media time).';

/** `#/history`: the days, newest first. */
export class HistoryIndex implements DashboardView {
  readonly root: HTMLElement;
  private readonly body = h('div', {}, emptyNote('Loading…'));

  /** @param pipeline false on a scan's site: its days are the days clips were cut, its times positions in the file. */
  constructor(pipeline = true) {
    this.root = h(
      'section',
      { class: 'history' },
      h('h2', {}, 'Clip history'),
      h('p', { class: 'hint' }, pipeline ? LIVE_HINT : SCAN_HINT),
      this.body,
    );
  }

  feeds(): FeedRequest[] {
    return [FEEDS.days];
  }

  update(state: FeedState): void {
    if (!state.days) {
      if (state.clips)
        replaceChildren(
          this.body,
          emptyNote('No clip history yet (feeds/clips/days.json appears with the first clip).'),
        );
      return;
    }
    replaceChildren(this.body, dayList(state.days));
  }
}

function dayList(index: ClipDaysIndex): HTMLElement {
  if (index.days.length === 0) return emptyNote('No clips yet.');
  return h(
    'ul',
    { class: 'day-list' },
    ...index.days.map((d) =>
      h(
        'li',
        {},
        h('a', { href: historyHref(d.day) }, `${formatUtcDay(d.day)} — ${d.count} clip${d.count === 1 ? '' : 's'}`),
        h('span', { class: 'muted' }, ` · ${d.channels.join(', ')} · ${d.labels.join(', ')}`),
      ),
    ),
  );
}

type Filters = { label: string; channel: string; person: string };

let rowSkeleton: HTMLElement | undefined;
/** Built on first use (not at import): cloned for each row. */
const skeletonRow = (): HTMLElement =>
  (rowSkeleton ??= h(
    'li',
    { class: 'history-row' },
    h('img', { class: 'thumb small', alt: '', loading: 'lazy', decoding: 'async' }),
    h('time', {}),
    h('span', { class: 'h-label' }),
    h('span', { class: 'h-channel' }),
    h('span', { class: 'h-status' }),
    h('span', { class: 'h-duration' }),
    h('a', { class: 'h-details' }, 'Details'),
    h('button', { type: 'button', class: 'h-play' }, '▶ Play'),
  ));

/** `#/history/<day>` */
export class HistoryDay implements DashboardView {
  readonly root: HTMLElement;
  private readonly filters = {
    label: h('select', { id: 'f-label' }),
    channel: h('select', { id: 'f-channel' }),
    person: h('select', { id: 'f-person' }),
  };
  private readonly count = h('p', { class: 'h-count', 'aria-live': 'polite' });
  private readonly list = h('ol', { class: 'history-list', 'aria-label': 'Clips of the day' });
  private readonly player = h('div', { class: 'history-player' });
  private readonly nav = h('nav', { class: 'day-nav', 'aria-label': 'Other days' });
  /** What the rows show: the page is rebuilt only when its producer rewrote it. */
  private rendered = '';
  private rows: { clip: Clip; el: HTMLElement }[] = [];
  private people = new Set<string>();
  /** safeMediaUrl per feed URL while rows are built (one day's clips often share a poster). */
  private urls = new Map<string, string | undefined>();

  constructor(
    private readonly day: string,
    private readonly ctx: RenderContext,
  ) {
    const field = (label: string, select: HTMLSelectElement) => h('label', { for: select.id }, `${label} `, select);
    for (const select of Object.values(this.filters)) select.addEventListener('change', () => this.applyFilters());
    this.list.addEventListener('click', (event) => this.onClick(event));
    this.root = h(
      'section',
      { class: 'history-day' },
      h('p', {}, h('a', { href: '#/history' }, '← All days')),
      h('h2', {}, `Clips of ${formatUtcDay(day)} (UTC day)`),
      this.nav,
      h(
        'div',
        { class: 'filters' },
        field('Label', this.filters.label),
        field('Channel', this.filters.channel),
        field('Person', this.filters.person),
      ),
      this.count,
      this.player,
      this.list,
    );
  }

  /** The day, and the people recognised: a person filter lists their names. */
  feeds(): FeedRequest[] {
    return [FEEDS.days, FEEDS.day(this.day), ...celebrityFeeds()];
  }

  update(state: FeedState): void {
    if (state.days) this.renderNav(state.days);
    const page = state.dayPages.get(this.day);
    if (!page) {
      if (state.missing.has(FEEDS.day(this.day).path))
        replaceChildren(this.list, h('li', { class: 'empty' }, 'No clips on this day.'));
      return;
    }
    const people = new Set(sightings(state).map((s) => s.name));
    const peopleChanged = [...people].join('\u0000') !== [...this.people].join('\u0000');
    this.people = people;
    const signature = `${page.generatedAt}|${page.clips.length}|${page.clips[0]?.id ?? ''}`;
    if (signature === this.rendered) {
      if (peopleChanged) this.fillPeople(page);
      return;
    }
    this.rendered = signature;
    this.renderRows(page);
    performance.mark('catfinder:history-rendered', { detail: { day: this.day, rows: this.rows.length } });
    requestAnimationFrame(() =>
      setTimeout(() => performance.mark('catfinder:history-painted', { detail: { day: this.day } }), 0),
    );
  }

  private renderNav(index: ClipDaysIndex): void {
    const i = index.days.findIndex((d) => d.day === this.day);
    const newer = i > 0 ? index.days[i - 1] : undefined;
    const older = i >= 0 ? index.days[i + 1] : undefined;
    replaceChildren(
      this.nav,
      newer ? h('a', { href: historyHref(newer.day), rel: 'prev' }, `← ${newer.day}`) : null,
      newer && older ? ' · ' : null,
      older ? h('a', { href: historyHref(older.day), rel: 'next' }, `${older.day} →`) : null,
    );
  }

  private renderRows(page: ClipDayFeed): void {
    this.urls.clear();
    const posters: [HTMLImageElement, string][] = [];
    this.rows = page.clips.map((clip) => ({ clip, el: this.fillRow(clip, posters) }));
    this.urls.clear();
    const fragment = document.createDocumentFragment();
    for (const r of this.rows) fragment.appendChild(r.el);
    replaceChildren(this.list, fragment);
    // Set once the rows are in the document, so offscreen posters are deferred as `loading=lazy`.
    for (const [img, src] of posters) img.setAttribute('src', src);
    this.fillSelect(
      this.filters.label,
      'All labels',
      page.clips.map((c) => c.label),
    );
    this.fillSelect(
      this.filters.channel,
      'All channels',
      page.clips.map((c) => c.channel),
    );
    this.fillPeople(page);
  }

  /** Person filter: clips whose label is a recognised celebrity / named face. */
  private fillPeople(page: ClipDayFeed): void {
    this.fillSelect(
      this.filters.person,
      'Anyone',
      page.clips.map((c) => c.label).filter((l) => this.people.has(l)),
    );
    this.applyFilters();
  }

  /** One row; its poster's URL is queued in `posters` (set after the rows are attached). */
  private fillRow(clip: Clip, posters: [HTMLImageElement, string][]): HTMLElement {
    const el = skeletonRow().cloneNode(true) as HTMLElement;
    const [img, time, label, channel, status, duration, details, play] = el.children as unknown as [
      HTMLImageElement,
      HTMLElement,
      HTMLElement,
      HTMLElement,
      HTMLElement,
      HTMLElement,
      HTMLAnchorElement,
      HTMLButtonElement,
    ];
    el.setAttribute('data-clip-id', clip.id);
    const poster = this.safeUrl(clip.posterUrl);
    if (poster) posters.push([img, poster]);
    else img.remove();
    setTime(time, clip.start, 'local');
    label.textContent = clip.label;
    channel.textContent = clip.channel;
    status.textContent = clip.status === 'ready' ? '' : describeStatus(clip);
    duration.textContent = formatDuration(clip.durationSeconds);
    details.setAttribute('href', clipHref(clip.id, this.day));
    details.setAttribute('aria-label', `Details of the ${clip.label} clip from ${frameText(clip.startFrame)}`);
    if (clip.status !== 'ready' || !this.safeUrl(clip.mp4Url)) play.remove();
    else play.setAttribute('aria-label', `Play the ${clip.label} clip from ${frameText(clip.startFrame)}`);
    return el;
  }

  private safeUrl(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    if (!this.urls.has(value)) this.urls.set(value, safeMediaUrl(value, this.ctx.policy));
    return this.urls.get(value);
  }

  private fillSelect(select: HTMLSelectElement, all: string, values: string[]): void {
    const current = select.value;
    const distinct = [...new Set(values)].sort();
    replaceChildren(select, h('option', { value: '' }, all), ...distinct.map((v) => h('option', { value: v }, v)));
    select.value = distinct.includes(current) ? current : '';
    select.disabled = distinct.length === 0;
  }

  private applyFilters(): void {
    const f: Filters = {
      label: this.filters.label.value,
      channel: this.filters.channel.value,
      person: this.filters.person.value,
    };
    let shown = 0;
    for (const { clip, el } of this.rows) {
      const ok =
        (!f.label || clip.label === f.label) &&
        (!f.channel || clip.channel === f.channel) &&
        (!f.person || clip.label === f.person);
      el.hidden = !ok;
      if (ok) shown++;
    }
    this.count.textContent = `${shown} of ${this.rows.length} clips`;
  }

  private onClick(event: Event): void {
    const button = (event.target as Element).closest('button.h-play');
    const id = button?.closest('[data-clip-id]')?.getAttribute('data-clip-id');
    const clip = this.rows.find((r) => r.clip.id === id)?.clip;
    const src = clip ? safeMediaUrl(clip.mp4Url, this.ctx.policy) : undefined;
    if (!clip || !src) return;
    const box = h('div', {});
    replaceChildren(this.player, h('p', {}, `${clip.label} · ${clip.channel} · ${frameText(clip.startFrame)}`), box);
    void this.ctx.players.open(
      clip.id,
      box,
      { src, poster: safeMediaUrl(clip.posterUrl, this.ctx.policy), autoplay: true },
      () => {
        replaceChildren(this.player);
        (button as HTMLElement | null)?.focus();
      },
    );
  }
}
