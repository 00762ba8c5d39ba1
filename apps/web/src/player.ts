/**
 * One video.js player at a time. Opening a player disposes the previous one (and gives its card
 * its poster back); closing disposes it. video.js is imported lazily so the first render never
 * waits for it.
 */
import { h } from './dom';

export interface PlayerInstance {
  dispose(): void;
}

export interface PlayerSource {
  src: string;
  poster?: string;
  /** Start playing at once (true after a click on a poster). */
  autoplay: boolean;
}

/** Turns a <video> element (already in the document) into a player. */
export type PlayerFactory = (video: HTMLVideoElement, source: PlayerSource) => Promise<PlayerInstance>;

export const videojsFactory: PlayerFactory = async (video, source) => {
  const [{ default: videojs }] = await Promise.all([
    import('video.js/core.es.js'),
    import('video.js/dist/video-js.css'),
  ]);
  const player = videojs(video, {
    controls: true,
    preload: 'auto',
    fluid: true,
    poster: source.poster,
    sources: [{ src: source.src, type: 'video/mp4' }],
  });
  if (source.autoplay) {
    // A rejected play() (autoplay policy) leaves the player ready with its controls.
    player.play()?.catch(() => undefined);
  }
  return player;
};

interface ActivePlayer {
  ownerId: string;
  wrapper: HTMLElement;
  instance?: PlayerInstance;
  disposed: boolean;
  onClose: () => void;
}

export class PlayerManager {
  private active?: ActivePlayer;

  constructor(private readonly factory: PlayerFactory = videojsFactory) {}

  /** Id of the clip whose player is open, if any. */
  get activeId(): string | undefined {
    return this.active?.ownerId;
  }

  /**
   * Opens a player inside `container` for clip `ownerId`. `onClose` runs after the player is
   * disposed, whoever closed it (close button, Escape, another clip, leaving the view).
   */
  async open(ownerId: string, container: HTMLElement, source: PlayerSource, onClose: () => void): Promise<void> {
    this.close();
    const video = h('video', { class: 'video-js vjs-default-skin', playsinline: true, 'aria-label': 'Clip player' });
    const closeButton = h('button', { type: 'button', class: 'player-close', 'aria-label': 'Close player' }, '✕ Close');
    const wrapper = h('div', { class: 'player', 'data-player-for': ownerId }, video, closeButton);
    const active: ActivePlayer = { ownerId, wrapper, disposed: false, onClose };
    this.active = active;
    closeButton.addEventListener('click', () => this.close());
    wrapper.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
    container.appendChild(wrapper);
    const instance = await this.factory(video, source);
    if (active.disposed) instance.dispose();
    else active.instance = instance;
  }

  /** Disposes the open player, if any. */
  close(): void {
    const active = this.active;
    if (!active) return;
    this.active = undefined;
    active.disposed = true;
    active.instance?.dispose();
    active.wrapper.remove();
    active.onClose();
  }
}

/**
 * The live channel: video.js's full build, which carries the HLS engine (VHS). Imported only by
 * the live view, so neither the first render nor a clip's progressive MP4 ever loads it.
 */
export const liveFactory: PlayerFactory = async (video, source) => {
  const [{ default: videojs }] = await Promise.all([import('video.js'), import('video.js/dist/video-js.css')]);
  const player = videojs(video, {
    controls: true,
    preload: 'auto',
    fluid: true,
    liveui: true,
    muted: true,
    sources: [{ src: source.src, type: 'application/x-mpegURL' }],
  });
  if (source.autoplay) player.play()?.catch(() => undefined);
  return player;
};
