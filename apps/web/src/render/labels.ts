/**
 * Every label per channel (feeds/all-labels.json; watched labels from labels.json are merged in
 * and marked ★): the home column (`LabelStrip`), the `#/labels` page and the summary at the top
 * of a label's page.
 */
import { h, replaceChildren } from '../dom';
import { formatConfidence } from '../format';
import { labelHref } from '../router';
import type { FeedState } from '../state';
import type { LabelSummary } from '../types';
import { timeElement } from '../time';
import { emptyNote, thumbnail, when } from './common';
import type { RenderContext } from './context';
import type { DashboardView } from './view';

/** A label as listed: watched summaries may lack first-seen until all-labels.json has them. */
export type LabelRow = LabelSummary & { watched?: boolean; firstSeen?: string; firstSeenFrame?: string };

/** all-labels.json entries plus watched ones only labels.json knows yet. */
export function labelRows(state: FeedState): LabelRow[] {
  const key = (l: LabelSummary) => `${l.channel}\u0000${l.name}`;
  // labels.json lists exactly the watched labels: its word wins over a stale `watched` flag.
  const watched = new Set((state.labels?.labels ?? []).map(key));
  const rows: LabelRow[] = (state.allLabels?.labels ?? []).map((l) =>
    watched.has(key(l)) && !l.watched ? { ...l, watched: true } : l,
  );
  const seen = new Set(rows.map(key));
  for (const l of state.labels?.labels ?? []) if (!seen.has(key(l))) rows.push({ ...l, watched: true });
  return rows;
}

/** Per channel (sorted), watched first, then most recently seen (stable for ties). */
export function byChannel(rows: readonly LabelRow[]): Map<string, LabelRow[]> {
  const groups = new Map<string, LabelRow[]>();
  const sorted = [...rows].sort(
    (a, b) =>
      a.channel.localeCompare(b.channel) ||
      Number(b.watched ?? false) - Number(a.watched ?? false) ||
      Date.parse(b.lastSeen) - Date.parse(a.lastSeen),
  );
  for (const row of sorted) groups.set(row.channel, [...(groups.get(row.channel) ?? []), row]);
  return groups;
}

const watchedMark = (row: LabelRow) =>
  row.watched
    ? h('span', { class: 'watched', title: 'Watched label: its appearances are clipped' }, '★ watched')
    : null;

/** Home column: up to `perChannel` labels per channel, each linking to its page. */
export class LabelStrip {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private signature = '';

  constructor(
    private readonly ctx: RenderContext,
    private readonly perChannel = 24,
  ) {
    this.body = h('div', { class: 'label-groups' });
    this.root = h(
      'section',
      { class: 'labels', 'aria-labelledby': 'labels-heading' },
      h('h2', { id: 'labels-heading' }, 'Labels'),
      this.body,
      h('p', {}, h('a', { href: '#/labels' }, 'Every label, per channel →')),
    );
  }

  update(rows: readonly LabelRow[]): void {
    const signature = JSON.stringify(rows);
    if (signature === this.signature) return; // unchanged: keep the images as they are
    this.signature = signature;
    if (rows.length === 0) {
      replaceChildren(this.body, emptyNote('No label seen yet.'));
      return;
    }
    const groups = [...byChannel(rows)].map(([channel, list]) =>
      h(
        'div',
        { class: 'label-group' },
        h('h3', {}, channel),
        h('ul', { class: 'label-list' }, ...list.slice(0, this.perChannel).map((row) => this.renderLabel(row))),
      ),
    );
    replaceChildren(this.body, ...groups);
  }

  private renderLabel(label: LabelRow): HTMLElement {
    return h(
      'li',
      { class: `label-card${label.watched ? ' is-watched' : ''}`, 'data-label': label.name },
      h(
        'a',
        { href: labelHref(label.name), class: 'label-link' },
        thumbnail(label.thumbnailUrl, this.ctx.policy),
        h('span', { class: 'label-name' }, label.name),
      ),
      watchedMark(label),
      h(
        'span',
        { class: 'label-facts' },
        // "last confidence" as the Labels table's column: the latest sighting's, not a maximum.
        `${label.count} seen · last `,
        timeElement(label.lastSeen, 'relative'),
        ` · last confidence ${formatConfidence(label.confidence)}`,
      ),
    );
  }
}

/**
 * The confidence column is the latest segment's best, like the thumbnail beside it (the store keeps
 * the latest sighting, not a maximum), so the header says so: it can go down between polls.
 */
function labelTable(rows: readonly LabelRow[], ctx: RenderContext): HTMLElement {
  const head = h(
    'tr',
    {},
    ...['', 'Label', 'Seen', 'First seen', 'Last seen', 'Last confidence'].map((t) => h('th', { scope: 'col' }, t)),
  );
  const body = rows.map((row) =>
    h(
      'tr',
      { 'data-label': row.name, class: row.watched ? 'is-watched' : undefined },
      h('td', {}, thumbnail(row.thumbnailUrl, ctx.policy, '', 'thumb small')),
      h(
        'th',
        { scope: 'row' },
        h('a', { href: labelHref(row.name) }, h('span', { class: 'label-name' }, row.name)),
        ' ',
        watchedMark(row),
      ),
      h('td', {}, String(row.count)),
      h('td', {}, row.firstSeen ? when(row.firstSeen) : '—'),
      h('td', {}, when(row.lastSeen, row.lastSeenFrame)),
      h('td', {}, formatConfidence(row.confidence)),
    ),
  );
  return h(
    'div',
    { class: 'table-wrap' },
    h('table', { class: 'label-table' }, h('thead', {}, head), h('tbody', {}, ...body)),
  );
}

/** `#/labels`: every label per channel, with a name filter. */
export class AllLabelsPage implements DashboardView {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private readonly filter: HTMLInputElement;
  private rows: LabelRow[] = [];

  constructor(private readonly ctx: RenderContext) {
    this.filter = h('input', { type: 'search', id: 'label-filter', placeholder: 'e.g. Cat', autocomplete: 'off' });
    this.filter.addEventListener('input', () => this.render());
    this.body = h('div', {}, emptyNote('Loading…'));
    this.root = h(
      'section',
      { class: 'all-labels' },
      h('h2', {}, 'Every label, per channel'),
      h('label', { for: 'label-filter', class: 'filter' }, 'Filter labels ', this.filter),
      this.body,
    );
  }

  update(state: FeedState): void {
    if (!state.labels && !state.allLabels) return;
    this.rows = labelRows(state);
    this.render();
  }

  private render(): void {
    const needle = this.filter.value.trim().toLowerCase();
    const rows = needle ? this.rows.filter((r) => r.name.toLowerCase().includes(needle)) : this.rows;
    if (rows.length === 0) {
      replaceChildren(this.body, emptyNote(needle ? 'No label matches.' : 'No label seen yet.'));
      return;
    }
    replaceChildren(
      this.body,
      ...[...byChannel(rows)].map(([channel, list]) =>
        h(
          'div',
          { class: 'label-group' },
          h('h3', {}, `${channel} · ${list.length} labels`),
          labelTable(list, this.ctx),
        ),
      ),
    );
  }
}

/** Top of `#/labels/<name>`: the label on each channel. */
export function labelSummary(name: string, state: FeedState, ctx: RenderContext): HTMLElement {
  const rows = labelRows(state).filter((r) => r.name === name);
  if (rows.length === 0)
    return emptyNote(state.allLabels || state.labels ? 'This label has not been seen on any channel yet.' : 'Loading…');
  return h(
    'div',
    { class: 'label-summary' },
    ...[...byChannel(rows)].map(([channel, list]) =>
      h('div', { class: 'label-group' }, h('h3', {}, channel), labelTable(list, ctx)),
    ),
  );
}
