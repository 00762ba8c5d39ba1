/** What the dashboard asks of every view. */
import type { FeedRequest, FeedState } from '../state';

export interface DashboardView {
  readonly root: HTMLElement;
  /** Feeds this view needs besides the base ones, given what is known (e.g. the channels). */
  feeds?(state: FeedState): FeedRequest[];
  /** Renders from the last good feeds; called after every poll and on entering the view. */
  update(state: FeedState): void;
  /** Leaving the view (players, timers). */
  dispose?(): void;
}
