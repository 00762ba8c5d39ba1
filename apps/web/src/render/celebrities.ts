/**
 * Celebrities and named faces from `feeds/celebrities.json` (libs/store celebrities.ts: one entry
 * per channel and person, newest sighting first, with a thumbnail that outlives the samples): a
 * home column and the `#/celebrities` page. The `urls` Rekognition returns point elsewhere, so
 * they are shown as text, never as links.
 */
import { h, replaceChildren } from '../dom';
import { formatConfidence } from '../format';
import { FEEDS, type FeedRequest, type FeedState } from '../state';
import type { CelebritySummary } from '../types';
import { safeMediaUrl } from '../urls';
import { emptyNote, when } from './common';
import type { RenderContext } from './context';
import type { DashboardView } from './view';

export const NO_CELEBRITIES = 'No celebrity or named face recognised yet.';

/** Every channel's people, most recently seen first. */
export function sightings(state: FeedState): CelebritySummary[] {
  return [...(state.celebrities?.celebrities ?? [])].sort((a, b) => Date.parse(b.lastSeen) - Date.parse(a.lastSeen));
}

export function celebrityFeeds(): FeedRequest[] {
  return [FEEDS.celebrities];
}

/** The newest sighting's frame with the face's box drawn over it (box from Rekognition's 0..1 ratios). */
function faceImage(s: CelebritySummary, ctx: RenderContext): HTMLElement | null {
  const src = safeMediaUrl(s.thumbnailUrl, ctx.policy);
  if (!src) return null;
  const frame = h(
    'div',
    { class: 'face-frame' },
    h('img', { src, alt: `${s.name} at ${s.lastSeenFrame}`, loading: 'lazy', decoding: 'async' }),
  );
  const box = s.box;
  if (box) {
    const mark = h('span', { class: 'face-box', 'aria-hidden': 'true' });
    const pct = (v: number) => `${Math.min(100, Math.max(0, v * 100)).toFixed(2)}%`;
    Object.assign(mark.style, {
      left: pct(box.Left),
      top: pct(box.Top),
      width: pct(box.Width),
      height: pct(box.Height),
    });
    frame.appendChild(mark);
  }
  return frame;
}

export function celebrityCard(s: CelebritySummary, ctx: RenderContext, full: boolean): HTMLElement {
  const times = s.count === 1 ? 'once' : `${s.count} samples`;
  return h(
    'li',
    { class: 'celebrity', 'data-name': s.name },
    faceImage(s, ctx),
    h('p', { class: 'celebrity-name' }, s.name),
    h(
      'p',
      { class: 'celebrity-facts' },
      `${formatConfidence(s.confidence)} match · ${s.channel} · ${times} · last `,
      when(s.lastSeen, full ? s.lastSeenFrame : undefined),
    ),
    full
      ? h(
          'p',
          { class: 'celebrity-facts' },
          'First seen ',
          when(s.firstSeen, s.firstSeenFrame),
          s.source === 'named-faces' ? ' · named face (offline gallery)' : ' · Rekognition celebrity',
        )
      : null,
    full && s.urls.length > 0
      ? h(
          'p',
          { class: 'celebrity-urls' },
          'References: ',
          ...s.urls.map((u, i) => h('span', { class: 'url-text' }, (i ? ', ' : '') + u)),
        )
      : null,
  );
}

/** Home column: the newest few. */
export class CelebritiesColumn {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private signature = '';

  constructor(
    private readonly ctx: RenderContext,
    private readonly limit = 8,
  ) {
    this.body = h('div', {}, emptyNote(NO_CELEBRITIES));
    this.root = h(
      'section',
      { class: 'celebrities', 'aria-labelledby': 'celebrities-heading' },
      h('h2', { id: 'celebrities-heading' }, 'Celebrities'),
      this.body,
      h('p', {}, h('a', { href: '#/celebrities' }, 'All celebrities and named faces →')),
    );
  }

  update(state: FeedState): void {
    const list = sightings(state).slice(0, this.limit);
    const signature = JSON.stringify(list);
    if (signature === this.signature) return;
    this.signature = signature;
    replaceChildren(
      this.body,
      list.length === 0
        ? emptyNote(NO_CELEBRITIES)
        : h('ul', { class: 'celebrity-list compact' }, ...list.map((s) => celebrityCard(s, this.ctx, false))),
    );
  }
}

/** `#/celebrities` */
export class CelebritiesPage implements DashboardView {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private signature = '';

  constructor(private readonly ctx: RenderContext) {
    this.body = h('div', {}, emptyNote('Loading…'));
    this.root = h('section', { class: 'celebrities-page' }, h('h2', {}, 'Celebrities and named faces'), this.body);
  }

  feeds(): FeedRequest[] {
    return celebrityFeeds();
  }

  update(state: FeedState): void {
    if (!state.health && !state.celebrities && !state.clips) return;
    const list = sightings(state);
    const signature = JSON.stringify(list);
    if (signature === this.signature) return;
    this.signature = signature;
    replaceChildren(
      this.body,
      list.length === 0
        ? emptyNote(NO_CELEBRITIES)
        : h('ul', { class: 'celebrity-list' }, ...list.map((s) => celebrityCard(s, this.ctx, true))),
    );
  }
}
