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

type VideojsFn = (
  element: HTMLVideoElement,
  options?: Record<string, unknown>,
) => { play(): Promise<void> | undefined; one(event: string, handler: () => void): void; dispose(): void };
let fullBuild: Promise<VideojsFn> | undefined;

/**
 * video.js for a clip: the small core build, unless the live view already loaded the full build
 * — then that one, so a page never drives players from two copies of video.js at once.
 */
async function clipVideojs(): Promise<VideojsFn> {
  if (fullBuild) return fullBuild;
  const [{ default: videojs }] = await Promise.all([
    import('video.js/core.es.js'),
    import('video.js/dist/video-js.css'),
  ]);
  return videojs as unknown as VideojsFn;
}

export const videojsFactory: PlayerFactory = async (video, source) => {
  const videojs = await clipVideojs();
  const player = videojs(video, {
    controls: true,
    preload: 'auto',
    fluid: true,
    poster: source.poster,
    sources: [{ src: source.src, type: 'video/mp4' }],
  });
  // Played once it can play: the full build sets its source asynchronously, so an immediate
  // play() could be lost. A refusal (autoplay policy) leaves the player with its controls.
  if (source.autoplay) player.one('canplay', () => void player.play()?.catch(() => undefined));
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
  fullBuild ??= Promise.all([import('video.js'), import('video.js/dist/video-js.css')]).then(
    ([m]) => m.default as unknown as VideojsFn,
  );
  const videojs = await fullBuild;
  const player = videojs(video, {
    controls: true,
    preload: 'auto',
    fluid: true,
    liveui: true,
    muted: true,
    // Muted autoplay is allowed without a click; the viewer unmutes with the controls.
    autoplay: source.autoplay ? 'muted' : false,
    sources: [{ src: source.src, type: 'application/x-mpegURL' }],
  });
  return player;
};
