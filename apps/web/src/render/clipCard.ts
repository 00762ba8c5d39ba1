/**
 * One clip: a media slot (poster button → inline player) and a meta block. The two are updated
 * separately so a refresh can rewrite the text of a clip that is playing without touching it.
 */
import { h, replaceChildren } from '../dom';
import { describeCut, describeStatus, formatDuration, formatLatency } from '../format';
import { clipHref } from '../router';
import type { Clip } from '../types';
import { safeMediaUrl } from '../urls';
import type { RenderContext } from './context';

export class ClipCard {
  readonly root: HTMLElement;
  readonly media: HTMLElement;
  private readonly meta: HTMLElement;
  private clip: Clip;

  constructor(
    clip: Clip,
    private readonly ctx: RenderContext,
    private readonly options: { headingLevel?: 'h2' | 'h3'; autoplayOnOpen?: boolean; detailsLink?: boolean } = {},
  ) {
    this.clip = clip;
    this.media = h('div', { class: 'clip-media' });
    this.meta = h('div', { class: 'clip-meta' });
    this.root = h('article', { class: 'clip', 'data-clip-id': clip.id }, this.media, this.meta);
    this.update(clip);
  }

  get playing(): boolean {
    return this.ctx.players.activeId === this.clip.id && this.media.querySelector('.player') !== null;
  }

  /** Rewrites the card; the media slot is left alone while its player is open. */
  update(clip: Clip): void {
    this.clip = clip;
    this.root.setAttribute('data-status', clip.status);
    replaceChildren(this.meta, ...this.renderMeta(clip));
    if (!this.playing) this.showPoster();
  }

  /** Media URL of a playable clip, or undefined (not ready, or URL refused). */
  get mp4Url(): string | undefined {
    return this.clip.status === 'ready' ? safeMediaUrl(this.clip.mp4Url, this.ctx.policy) : undefined;
  }

  showPoster(focus = false): void {
    const clip = this.clip;
    const poster = safeMediaUrl(clip.posterUrl, this.ctx.policy);
    const src = this.mp4Url;
    const image = poster ? h('img', { src: poster, alt: '', loading: 'lazy', decoding: 'async' }) : null;
    if (!src) {
      replaceChildren(this.media, h('div', { class: 'poster poster-disabled' }, image, h('span', { class: 'poster-status' }, describeStatus(clip))));
      return;
    }
    const button = h(
      'button',
      { type: 'button', class: 'poster', 'aria-label': `Play ${clip.label} clip from ${clip.startFrame}` },
      image,
      h('span', { class: 'play-icon', 'aria-hidden': 'true' }, '▶'),
    );
    button.addEventListener('click', () => void this.play(true));
    replaceChildren(this.media, button);
    if (focus) button.focus();
  }

  /** Replaces the poster by a video.js player (closing any other player first). */
  async play(autoplay = this.options.autoplayOnOpen ?? true): Promise<void> {
    const src = this.mp4Url;
    if (!src) return;
    replaceChildren(this.media);
    await this.ctx.players.open(
      this.clip.id,
      this.media,
      { src, poster: safeMediaUrl(this.clip.posterUrl, this.ctx.policy), autoplay },
      () => this.showPoster(this.root.isConnected),
    );
  }

  private renderMeta(clip: Clip): (Node | null)[] {
    const heading = h(this.options.headingLevel ?? 'h3', { class: 'clip-title' }, clip.label, h('span', { class: 'clip-channel' }, ` · ${clip.channel}`));
    const facts = h(
      'dl',
      { class: 'facts' },
      ...fact('Start', clip.startFrame, 'clip-start'),
      ...fact('Duration', formatDuration(clip.durationSeconds)),
      ...fact('Frames', String(clip.frameCount)),
      ...fact('Cut', clip.status === 'ready' ? describeCut(clip) : '—'),
      ...fact('Latency', formatLatency(clip.latencySeconds)),
    );
    const status = h('p', { class: `clip-status status-${clip.status}` }, describeStatus(clip));
    const link = this.options.detailsLink === false ? null : h('a', { class: 'clip-link', href: clipHref(clip.id) }, 'Details');
    return [heading, status, facts, link];
  }
}

function fact(term: string, value: string, className?: string): Node[] {
  return [h('dt', {}, term), h('dd', { class: className }, value)];
}
