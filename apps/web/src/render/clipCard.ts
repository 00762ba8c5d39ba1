/**
 * One clip: a media slot (poster button → inline player) and a meta block. The two are updated
 * separately so a refresh can rewrite the text of a clip that is playing without touching it.
 * Cards are cloned from a static skeleton (no feed data in it) and filled with textContent:
 * cloning is several times cheaper than building 20 elements per card, which matters for the
 * 200-clip first render.
 */
import { h, replaceChildren } from '../dom';
import { describeCut, describeStatus, formatDuration, formatLatency } from '../format';
import { clipHref } from '../router';
import { frameText, setTime } from '../time';
import type { Clip } from '../types';
import { safeMediaUrl } from '../urls';
import type { RenderContext } from './context';

export interface ClipCardOptions {
  /** @default 'h3' */
  headingLevel?: 'h2' | 'h3';
  /** Start playing as soon as the player opens. @default true */
  autoplayOnOpen?: boolean;
  /** Show the "Details" link to `#/clips/<id>`. @default true */
  detailsLink?: boolean;
}

const FACTS = ['Start', 'Duration', 'Frames', 'Cut', 'Latency'] as const;
const skeletons = new Map<string, HTMLElement>();

function skeleton(headingLevel: 'h2' | 'h3', detailsLink: boolean): HTMLElement {
  const key = `${headingLevel}:${detailsLink}`;
  let node = skeletons.get(key);
  if (!node) {
    node = h(
      'article',
      { class: 'clip' },
      h('div', { class: 'clip-media' }),
      h(
        'div',
        { class: 'clip-meta' },
        h(
          headingLevel,
          { class: 'clip-title' },
          h('span', { class: 'clip-label' }),
          h('span', { class: 'clip-channel' }),
        ),
        h('p', { class: 'clip-status' }),
        h(
          'dl',
          { class: 'facts' },
          ...FACTS.flatMap((term) => [
            h('dt', {}, term),
            h('dd', { class: term === 'Start' ? 'clip-start' : undefined }),
          ]),
        ),
        detailsLink ? h('a', { class: 'clip-link' }, 'Details') : null,
      ),
    );
    skeletons.set(key, node);
  }
  return node.cloneNode(true) as HTMLElement;
}

export class ClipCard {
  readonly root: HTMLElement;
  readonly media: HTMLElement;
  private readonly label: HTMLElement;
  private readonly channel: HTMLElement;
  private readonly status: HTMLElement;
  private readonly facts: HTMLElement[];
  private readonly link: HTMLAnchorElement | null;
  /** Start in the viewer's zone and "… ago"; the exact UTC frame label is its tooltip. */
  private readonly startTime: HTMLTimeElement;
  private clip: Clip;

  constructor(
    clip: Clip,
    private readonly ctx: RenderContext,
    private readonly options: ClipCardOptions = {},
  ) {
    this.clip = clip;
    this.root = skeleton(options.headingLevel ?? 'h3', options.detailsLink ?? true);
    this.media = this.root.firstElementChild as HTMLElement;
    this.label = this.root.querySelector('.clip-label')!;
    this.channel = this.root.querySelector('.clip-channel')!;
    this.status = this.root.querySelector('.clip-status')!;
    this.facts = [...this.root.querySelectorAll('dd')];
    this.link = this.root.querySelector('a.clip-link');
    this.startTime = document.createElement('time');
    this.facts[0]?.appendChild(this.startTime);
    this.update(clip);
  }

  get playing(): boolean {
    return this.ctx.players.activeId === this.clip.id && this.media.querySelector('.player') !== null;
  }

  /** Rewrites the card; the media slot is left alone while its player is open. */
  update(clip: Clip): void {
    const prev = this.clip;
    const posterChanged = (['posterUrl', 'mp4Url', 'status', 'reason', 'label', 'startFrame'] as const).some(
      (k) => clip[k] !== prev[k],
    );
    const first = this.media.firstChild === null;
    this.clip = clip;
    this.root.setAttribute('data-clip-id', clip.id);
    this.root.setAttribute('data-status', clip.status);
    this.label.textContent = clip.label;
    this.channel.textContent = ` · ${clip.channel}`;
    this.status.textContent = describeStatus(clip);
    this.status.className = `clip-status status-${clip.status}`;
    setTime(this.startTime, clip.start);
    this.startTime.setAttribute('title', frameText(clip.startFrame));
    const values = [
      undefined,
      formatDuration(clip.durationSeconds),
      String(clip.frameCount),
      clip.status === 'ready' ? describeCut(clip) : '—',
      formatLatency(clip.latencySeconds),
    ];
    values.forEach((value, i) => {
      const dd = this.facts[i];
      if (dd && value !== undefined) dd.textContent = value;
    });
    this.link?.setAttribute('href', clipHref(clip.id));
    if ((first || posterChanged) && !this.playing) this.showPoster();
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
      replaceChildren(
        this.media,
        h(
          'div',
          { class: 'poster poster-disabled' },
          image,
          h('span', { class: 'poster-status' }, clip.status === 'failed' ? 'Failed' : describeStatus(clip)),
        ),
      );
      return;
    }
    const button = h(
      'button',
      { type: 'button', class: 'poster', 'aria-label': `Play ${clip.label} clip from ${frameText(clip.startFrame)}` },
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
}
