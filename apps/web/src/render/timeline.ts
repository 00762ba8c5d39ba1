/**
 * The last 30 minutes of one channel as rows on one time axis: a presence band per watched label,
 * scene cuts, appearances and clips as markers. Markers are links/buttons (keyboard reachable,
 * named for screen readers); a clip marker calls `onPlayClip`.
 */
import { h } from '../dom';
import { labelHref } from '../router';
import type { Appearance, Clip, RecentFeed } from '../types';
import { clockTime, frameText, localTime } from '../time';

export const TIMELINE_WINDOW_MS = 30 * 60_000;

export interface TimelineInput {
  recent: RecentFeed;
  watched: readonly string[];
  appearances: readonly Appearance[];
  clips: readonly Clip[];
  onPlayClip: (clip: Clip) => void;
}

/** Position of `iso` in the window, 0..100 (%), or undefined outside it. */
export function position(iso: string, start: number, span = TIMELINE_WINDOW_MS): number | undefined {
  const p = ((Date.parse(iso) - start) / span) * 100;
  return p < -0.001 || p > 100.001 ? undefined : Math.min(100, Math.max(0, p));
}

function row(name: string, cls: string, ...items: HTMLElement[]): HTMLElement {
  return h(
    'div',
    { class: `tl-row ${cls}`, role: 'group', 'aria-label': name },
    h('span', { class: 'tl-name' }, name),
    h('div', { class: 'tl-track' }, ...items),
  );
}

function place(el: HTMLElement, left: number, width?: number): HTMLElement {
  el.style.left = `${left.toFixed(3)}%`;
  if (width !== undefined) el.style.width = `${Math.max(0.4, width).toFixed(3)}%`;
  return el;
}

function bands(input: TimelineInput, start: number): HTMLElement[] {
  return input.watched.map((label) => {
    const items = input.recent.presence
      .filter((b) => b.label === label)
      .flatMap((b) => {
        const from = position(b.start, start) ?? 0;
        const to = position(b.end, start) ?? 100;
        const text = `${label} on screen ${localTime(b.start)} – ${b.open ? 'now' : localTime(b.end)}`;
        return [place(h('span', { class: 'tl-band', title: text, role: 'img', 'aria-label': text }), from, to - from)];
      });
    return row(label, 'tl-presence', ...items);
  });
}

function markers(input: TimelineInput, start: number): HTMLElement[] {
  const cuts = input.recent.cuts.flatMap((c) => {
    const p = position(c.time, start);
    return p === undefined ? [] : [place(h('span', { class: 'tl-cut', title: `Cut at ${frameText(c.frame)}` }), p)];
  });
  const appearances = input.appearances.flatMap((a) => {
    const p = position(a.start, start);
    return p === undefined
      ? []
      : [
          place(
            h(
              'a',
              {
                class: 'tl-marker tl-appearance',
                href: labelHref(a.label),
                'aria-label': `${a.label} appearance from ${localTime(a.start)}`,
              },
              '◆',
            ),
            p,
          ),
        ];
  });
  const clips = input.clips.flatMap((clip) => {
    const p = position(clip.start, start);
    if (p === undefined) return [];
    const text = `${clip.label} clip from ${localTime(clip.start)} (${clip.status})`;
    if (clip.status !== 'ready')
      return [
        place(
          h(
            'span',
            { class: `tl-marker tl-clip status-${clip.status}`, title: text, role: 'img', 'aria-label': text },
            '▮',
          ),
          p,
        ),
      ];
    const button = h(
      'button',
      {
        type: 'button',
        class: 'tl-marker tl-clip',
        'data-clip-id': clip.id,
        'aria-label': `Play ${text}`,
        title: `Play ${text}`,
      },
      '▶',
    );
    button.addEventListener('click', () => input.onPlayClip(clip));
    return [place(button, p)];
  });
  return [
    row('Cuts', 'tl-cuts', ...cuts),
    row('Appearances', 'tl-appearances', ...appearances),
    row('Clips', 'tl-clips', ...clips),
  ];
}

function axis(start: number): HTMLElement {
  const ticks = [0, 5, 10, 15, 20, 25, 30].map((m) => {
    const iso = new Date(start + m * 60_000).toISOString();
    return place(h('span', { class: 'tl-tick' }, clockTime(iso)), (m / 30) * 100);
  });
  return h(
    'div',
    { class: 'tl-row tl-axis', 'aria-hidden': 'true' },
    h('span', { class: 'tl-name' }),
    h('div', { class: 'tl-track' }, ...ticks),
  );
}

export function renderTimeline(input: TimelineInput): HTMLElement {
  const start = Date.parse(input.recent.windowStart);
  return h(
    'div',
    { class: 'timeline-30', 'aria-label': 'Last 30 minutes' },
    ...bands(input, start),
    ...markers(input, start),
    axis(start),
  );
}
