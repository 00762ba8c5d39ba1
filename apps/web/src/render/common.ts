/** Small pieces several views share. */
import { h } from '../dom';
import { frameText, timeElement } from '../time';
import { safeMediaUrl, type UrlPolicy } from '../urls';

/** A lazily loaded thumbnail, or a grey box when the URL is missing or refused. */
export function thumbnail(url: string | undefined, policy: UrlPolicy, alt = '', cls = 'thumb'): HTMLElement {
  const src = safeMediaUrl(url, policy);
  return src
    ? h('img', { class: cls, src, alt, loading: 'lazy', decoding: 'async' })
    : h('span', { class: `${cls} thumb-missing`, 'aria-hidden': 'true' });
}

/** "18:10:00 CET · 2 min ago" kept current, with the exact frame label after it when given. */
export function when(iso: string, frame?: string): HTMLElement {
  return h(
    'span',
    { class: 'when' },
    timeElement(iso),
    frame ? h('span', { class: 'frame-label' }, ` (${frameText(frame)})`) : null,
  );
}

export function section(id: string, title: string, ...children: (Node | null)[]): HTMLElement {
  return h(
    'section',
    { class: id, 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading` }, title),
    ...children,
  );
}

export function emptyNote(text: string): HTMLElement {
  return h('p', { class: 'empty' }, text);
}
