/** The watched labels: thumbnail, name (links to the label view), count, last seen, confidence. */
import { h, replaceChildren } from '../dom';
import { formatConfidence } from '../format';
import { labelHref } from '../router';
import type { LabelSummary } from '../types';
import { safeMediaUrl } from '../urls';
import type { RenderContext } from './context';

export class LabelStrip {
  readonly root: HTMLElement;
  private readonly list: HTMLUListElement;
  private signature = '';

  constructor(private readonly ctx: RenderContext) {
    this.list = h('ul', { class: 'label-list' });
    this.root = h('section', { class: 'labels', 'aria-labelledby': 'labels-heading' }, h('h2', { id: 'labels-heading' }, 'Labels'), this.list);
  }

  update(labels: readonly LabelSummary[]): void {
    const signature = JSON.stringify(labels);
    if (signature === this.signature) return; // unchanged: keep the images as they are
    this.signature = signature;
    if (labels.length === 0) {
      replaceChildren(this.list, h('li', { class: 'empty' }, 'No label seen yet.'));
      return;
    }
    replaceChildren(this.list, ...labels.map((label) => this.renderLabel(label)));
  }

  private renderLabel(label: LabelSummary): HTMLElement {
    const thumb = safeMediaUrl(label.thumbnailUrl, this.ctx.policy);
    return h(
      'li',
      { class: 'label-card', 'data-label': label.name },
      h(
        'a',
        { href: labelHref(label.name), class: 'label-link' },
        thumb ? h('img', { src: thumb, alt: '', loading: 'lazy', decoding: 'async' }) : h('span', { class: 'thumb-missing' }),
        h('span', { class: 'label-name' }, label.name),
      ),
      h(
        'span',
        { class: 'label-facts' },
        `${label.count} seen · last ${label.lastSeenFrame} · ${formatConfidence(label.confidence)} · ${label.channel}`,
      ),
    );
  }
}
