import type { PlayerFactory, PlayerManager } from '../player';
import type { UrlPolicy } from '../urls';

/** What every view needs: the URL gate and the single player. */
export interface RenderContext {
  policy: UrlPolicy;
  players: PlayerManager;
  /** Extra origin allowed for the live playlist (config `liveOrigin`). @default none */
  liveOrigin?: string;
  /** False when no live pipeline reports on this site (config `pipeline`). @default true */
  pipeline?: boolean;
  /** Builds the live player. @default video.js full build (with HLS), lazily loaded */
  liveFactory?: PlayerFactory;
}
