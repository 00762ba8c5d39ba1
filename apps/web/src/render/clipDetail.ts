/** `#/clips/<id>`: the player, the scene timeline (thumbnails of the cuts) and download links. */
import { h, replaceChildren } from '../dom';
import type { Clip } from '../types';
import { frameRangeText, frameText, timeElement } from '../time';
import { safeMediaUrl } from '../urls';
import { ClipCard } from './clipCard';
import type { RenderContext } from './context';

export class ClipDetail {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private card?: ClipCard;
  private signature = '';

  constructor(
    private readonly id: string,
    private readonly ctx: RenderContext,
  ) {
    this.body = h('div', { class: 'detail-body' });
    this.root = h('section', { class: 'clip-detail' }, h('p', {}, h('a', { href: '#/' }, '← Home')), this.body);
  }

  /** `clips` undefined means the feed has not loaded yet. */
  update(clips: readonly Clip[] | undefined): void {
    if (clips === undefined) return;
    const clip = clips.find((c) => c.id === this.id);
    if (!clip) {
      if (this.card?.playing) return; // keep a playing clip even if it left the feed
      this.card = undefined;
      this.signature = '';
      replaceChildren(this.body, h('p', { class: 'empty' }, `Clip ${this.id} is not in the current clips feed.`));
      return;
    }
    const signature = JSON.stringify(clip);
    if (signature === this.signature) return;
    this.signature = signature;
    if (!this.card) {
      this.card = new ClipCard(clip, this.ctx, { headingLevel: 'h2', autoplayOnOpen: false, detailsLink: false });
      replaceChildren(this.body, this.card.root, h('div', { class: 'detail-extra' }));
      void this.card.play(false);
    } else {
      const wasPlayable = this.card.mp4Url !== undefined;
      this.card.update(clip);
      if (!wasPlayable && this.card.mp4Url !== undefined && !this.card.playing) void this.card.play(false);
    }
    const extra = this.body.querySelector('.detail-extra');
    if (extra) replaceChildren(extra, ...this.renderExtra(clip));
  }

  private renderExtra(clip: Clip): Node[] {
    const policy = this.ctx.policy;
    const mp4 = clip.status === 'ready' ? safeMediaUrl(clip.mp4Url, policy) : undefined;
    const hls = clip.status === 'ready' ? safeMediaUrl(clip.hlsUrl, policy) : undefined;
    const links = h(
      'p',
      { class: 'downloads' },
      mp4
        ? h('a', { href: mp4, download: `${clip.label}-${clip.id}.mp4`, class: 'download' }, 'Download MP4')
        : 'Not downloadable yet.',
      hls ? ' · ' : null,
      hls ? h('a', { href: hls }, 'HLS playlist') : null,
    );
    const timeline = h(
      'ol',
      { class: 'timeline', 'aria-label': 'Scenes in this clip' },
      ...clip.cuts.map((cut, index) => {
        const thumb = safeMediaUrl(cut.thumbnailUrl, policy);
        return h(
          'li',
          {},
          h(
            'figure',
            {},
            thumb ? h('img', { src: thumb, alt: `Scene ${index + 1}`, loading: 'lazy' }) : null,
            h('figcaption', {}, `Scene ${index + 1} · ${frameText(cut.frame)}`),
          ),
        );
      }),
    );
    return [
      links,
      h(
        'p',
        { class: 'range' },
        'Frames ',
        h('span', { class: 'frame-range' }, frameRangeText(clip.startFrame, clip.endFrame)),
        ' · started ',
        timeElement(clip.start),
        clip.detectorCalls !== undefined ? ` · ${clip.detectorCalls} detector calls` : '',
      ),
      h('h3', {}, 'Scene timeline'),
      clip.cuts.length > 0 ? timeline : h('p', { class: 'empty' }, 'No scene cuts inside this clip.'),
    ];
  }
}
