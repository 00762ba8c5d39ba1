/** `#/labels/<name>`: recent appearances and their samples before, during and after the match. */
import { h, replaceChildren } from '../dom';
import { formatConfidence } from '../format';
import { clipHref } from '../router';
import { frameText, timeElement } from '../time';
import type { Appearance, AppearanceSample, LabelFeed } from '../types';
import { safeMediaUrl } from '../urls';
import type { RenderContext } from './context';

export type SamplePhase = 'before' | 'during' | 'after';

/** Where each sample sits relative to the matched run (the moment of interest). */
export function samplePhases(samples: readonly AppearanceSample[]): SamplePhase[] {
  const first = samples.findIndex((s) => s.matched);
  const last = samples.findLastIndex((s) => s.matched);
  return samples.map((_, i) => (first === -1 || i < first ? 'before' : i > last ? 'after' : 'during'));
}

/**
 * Why a phase has no sample, said on the page rather than left out. The parse pipeline opens an
 * appearance on its first matching sample and keeps samples from that one on, so the feed carries
 * no sample from before the match (a feed that does, e.g. an older or another producer's, shows
 * them); "after" is the sample that ended the appearance, absent while it is on screen or when a
 * gap, reset or the playlist's end closed it.
 */
export function missingPhaseNotes(appearance: Appearance, phases: readonly SamplePhase[]): string[] {
  const notes: string[] = [];
  if (!phases.includes('before')) {
    const first = appearance.samples.find((s) => s.matched);
    notes.push(
      first?.isCut
        ? 'Before: no sample — it starts at a cut, so the scene opened with the label on screen (the frame before belongs to the previous scene, which is not kept with the appearance).'
        : 'Before: no sample — an appearance keeps its samples from the first match on; the samples before it are not kept with it.',
    );
  }
  if (!phases.includes('after'))
    notes.push(
      appearance.open
        ? 'After: not yet — still on screen.'
        : 'After: no sample — it ended at a gap, a playlist reset or the end of the playlist, with no sample after its last match.',
    );
  return notes;
}

export class LabelView {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private signature = '';

  constructor(
    readonly name: string,
    private readonly ctx: RenderContext,
  ) {
    this.body = h('div', { class: 'label-body' }, h('p', { class: 'empty' }, 'Loading…'));
    this.root = h(
      'section',
      { class: 'label-view' },
      h('p', {}, h('a', { href: '#/labels' }, '← Every label')),
      h('h2', {}, `Label: `, h('span', { class: 'label-name' }, name)),
      this.body,
    );
  }

  /** Replaces the appearances with a note (e.g. the label is not watched). */
  showNote(text: string): void {
    this.signature = '';
    replaceChildren(this.body, h('p', { class: 'empty' }, text));
  }

  update(feed: LabelFeed | undefined): void {
    if (!feed) return;
    const signature = JSON.stringify(feed.appearances);
    if (signature === this.signature) return;
    this.signature = signature;
    if (feed.appearances.length === 0) {
      replaceChildren(this.body, h('p', { class: 'empty' }, 'No appearances recorded.'));
      return;
    }
    replaceChildren(
      this.body,
      h('ol', { class: 'appearances' }, ...feed.appearances.map((a) => this.renderAppearance(a))),
    );
  }

  private renderAppearance(appearance: Appearance): HTMLElement {
    const phases = samplePhases(appearance.samples);
    // Same rule as every view: local time + "ago" on a live channel, a position in a scanned file.
    const until = appearance.open
      ? ['still on screen']
      : ['until ', appearance.end === undefined ? '?' : timeElement(appearance.end)];
    return h(
      'li',
      { class: 'appearance', 'data-open': appearance.open },
      h('h3', {}, `${appearance.channel} · from `, timeElement(appearance.start), ' · ', ...until),
      appearance.clipId
        ? h('a', { href: clipHref(appearance.clipId) }, 'Watch clip')
        : h('span', {}, appearance.open ? 'Clip pending' : 'No clip'),
      h(
        'ol',
        { class: 'samples' },
        ...appearance.samples.map((sample, i) => {
          const thumb = safeMediaUrl(sample.thumbnailUrl, this.ctx.policy);
          const phase = phases[i] ?? 'before';
          const tags = [phase, sample.matched ? 'match' : null, sample.isCut ? 'cut' : null]
            .filter(Boolean)
            .join(' · ');
          return h(
            'li',
            { class: `sample phase-${phase}${sample.matched ? ' matched' : ''}` },
            h(
              'figure',
              {},
              thumb ? h('img', { src: thumb, alt: `Sample at ${frameText(sample.frame)}`, loading: 'lazy' }) : null,
              h('figcaption', {}, frameText(sample.frame), h('br'), `${formatConfidence(sample.confidence)} · ${tags}`),
            ),
          );
        }),
      ),
      ...missingPhaseNotes(appearance, phases).map((note) => h('p', { class: 'phase-note' }, note)),
    );
  }
}
