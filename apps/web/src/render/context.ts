import type { PlayerManager } from '../player';
import type { UrlPolicy } from '../urls';

/** What every view needs: the URL gate and the single player. */
export interface RenderContext {
  policy: UrlPolicy;
  players: PlayerManager;
}
