/**
 * `#/live/<channel>`: the channel playing (video.js with its HLS engine, loaded for this view
 * only), what is on screen now (labels and celebrities of the newest sample), and the last 30
 * minutes (timeline.ts). A clip marker plays that clip's MP4 under the timeline, one clip player
 * at a time as everywhere else; the live player keeps running.
 */
import { h, replaceChildren } from '../dom';
import { formatConfidence } from '../format';
import { liveFactory, type PlayerInstance } from '../player';
import { labelHref, liveHref } from '../router';
import { FEEDS, knownChannels, watchedLabels, type FeedRequest, type FeedState } from '../state';
import type { Clip, NowOnScreen, RecentFeed } from '../types';
import { safeLiveUrl, safeMediaUrl } from '../urls';
import { emptyNote, thumbnail, when } from './common';
import type { RenderContext } from './context';
import { renderTimeline } from './timeline';
import type { DashboardView } from './view';

/** `#/live…` on a site no live pipeline reports on (a scan's result): one line, no feed asked for. */
export const NO_LIVE = 'This site shows a finished scan: there is no live channel to watch here.';

export class NoLiveView implements DashboardView {
  readonly root = h('section', { class: 'live-view no-live' }, h('h2', {}, 'Live'), emptyNote(NO_LIVE));
  update(): void {}
}

export class LiveView implements DashboardView {
  readonly root: HTMLElement;
  private readonly picker = h('nav', { class: 'channel-picker', 'aria-label': 'Channels' });
  private readonly playerSlot = h('div', { class: 'live-player' });
  private readonly nowSlot = h('div', { class: 'now-on-screen', 'aria-live': 'polite' });
  private readonly timelineSlot = h('div', { class: 'timeline-slot' });
  private readonly clipSlot = h('div', { class: 'timeline-clip' });
  private player?: PlayerInstance;
  private playingUrl?: string;
  private disposed = false;
  private channel?: string;
  private signature = '';

  constructor(
    channel: string | undefined,
    private readonly ctx: RenderContext,
  ) {
    this.channel = channel;
    this.root = h(
      'section',
      { class: 'live-view' },
      h('h2', { class: 'live-title' }, 'Live'),
      this.picker,
      h('div', { class: 'live-grid' }, this.playerSlot, h('div', {}, h('h3', {}, 'Now on screen'), this.nowSlot)),
      h('h3', {}, 'Last 30 minutes'),
      this.timelineSlot,
      this.clipSlot,
    );
  }

  feeds(state: FeedState): FeedRequest[] {
    const channel = this.channel ?? knownChannels(state)[0];
    if (channel === undefined) return [];
    return [FEEDS.recent(channel), ...watchedLabels(state).map((l) => FEEDS.label(l))];
  }

  update(state: FeedState): void {
    const channels = knownChannels(state);
    this.channel ??= channels[0];
    replaceChildren(
      this.picker,
      ...channels.map((c) =>
        h('a', { href: liveHref(c), class: 'chip', 'aria-current': c === this.channel ? 'page' : undefined }, c),
      ),
    );
    const recent = this.channel === undefined ? undefined : state.recent.get(this.channel);
    if (!recent) {
      const text =
        this.channel === undefined
          ? 'No channel known yet.'
          : `No recent activity published for ${this.channel} yet (feeds/channels/${this.channel}/recent.json).`;
      if (state.clips) replaceChildren(this.nowSlot, emptyNote(text));
      return;
    }
    this.showPlayer(recent);
    const watched = watchedLabels(state);
    const appearances = watched
      .flatMap((l) => state.labelFeeds.get(l)?.appearances ?? [])
      .filter((a) => a.channel === recent.channel);
    const clips = (state.clips?.clips ?? []).filter((c) => c.channel === recent.channel);
    const signature = JSON.stringify([recent, watched, appearances, clips]);
    if (signature === this.signature) return;
    this.signature = signature;
    replaceChildren(this.nowSlot, this.renderNow(recent.now));
    replaceChildren(
      this.timelineSlot,
      renderTimeline({ recent, watched, appearances, clips, onPlayClip: (clip) => void this.playClip(clip) }),
    );
  }

  dispose(): void {
    this.disposed = true;
    this.player?.dispose();
    this.player = undefined;
  }

  private showPlayer(recent: RecentFeed): void {
    const url = safeLiveUrl(recent.playlistUrl, this.ctx.policy, this.ctx.liveOrigin);
    if (url === this.playingUrl && (url === undefined ? this.playerSlot.firstChild !== null : true)) return;
    this.player?.dispose();
    this.player = undefined;
    this.playingUrl = url;
    if (!url) {
      const why =
        recent.playlistUrl === undefined
          ? 'The channel has not published its playlist URL yet.'
          : 'The channel’s playlist is not on the site, media or configured live origin, so it is not played.';
      replaceChildren(this.playerSlot, h('p', { class: 'empty live-refused' }, why));
      return;
    }
    const video = h('video', {
      class: 'video-js vjs-default-skin',
      playsinline: true,
      muted: true,
      'aria-label': `Live channel ${recent.channel}`,
    });
    replaceChildren(this.playerSlot, video);
    void (this.ctx.liveFactory ?? liveFactory)(video, { src: url, autoplay: true }).then((player) => {
      if (this.disposed || this.playingUrl !== url) player.dispose();
      else this.player = player;
    });
  }

  private renderNow(now: NowOnScreen | null): HTMLElement {
    if (!now) return emptyNote('Nothing sampled yet.');
    return h(
      'div',
      { class: 'now' },
      thumbnail(now.thumbnailUrl, this.ctx.policy, `Newest sample at ${now.frame}`, 'now-thumb'),
      h('p', { class: 'now-when' }, 'As of ', when(now.time, now.frame)),
      now.labels.length === 0
        ? emptyNote('No label at this moment.')
        : h(
            'ul',
            { class: 'chips now-labels' },
            ...now.labels.map((l) =>
              h(
                'li',
                {},
                h('a', { class: 'chip', href: labelHref(l.name) }, `${l.name} ${formatConfidence(l.confidence)}`),
              ),
            ),
          ),
      now.celebrities.length === 0
        ? null
        : h(
            'ul',
            { class: 'chips now-celebrities', 'aria-label': 'Celebrities on screen' },
            ...now.celebrities.map((c) =>
              h('li', { class: 'chip person' }, `${c.Name} ${formatConfidence(c.MatchConfidence)}`),
            ),
          ),
    );
  }

  private async playClip(clip: Clip): Promise<void> {
    const src = safeMediaUrl(clip.mp4Url, this.ctx.policy);
    if (!src) return;
    const box = h('div', { class: 'timeline-clip-player' });
    replaceChildren(this.clipSlot, h('p', {}, `${clip.label} clip from `, when(clip.start, clip.startFrame)), box);
    await this.ctx.players.open(
      clip.id,
      box,
      { src, poster: safeMediaUrl(clip.posterUrl, this.ctx.policy), autoplay: true },
      () => {
        replaceChildren(this.clipSlot);
        // Keyboard users land back on the marker they played (if the timeline still shows it).
        this.timelineSlot.querySelector<HTMLElement>(`button.tl-clip[data-clip-id="${CSS.escape(clip.id)}"]`)?.focus();
      },
    );
  }
}
