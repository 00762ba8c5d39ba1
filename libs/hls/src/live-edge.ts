import { HOLD_BACK_TARGET_DURATIONS } from './constants';
import type { MediaPlaylist, Segment } from './types';

/** Player hold-back of a playlist, seconds: `EXT-X-SERVER-CONTROL:HOLD-BACK`, else 3 target durations. */
export function holdBackSeconds(playlist: Pick<MediaPlaylist, 'holdBack' | 'targetDuration'>): number {
  return playlist.holdBack ?? HOLD_BACK_TARGET_DURATIONS * playlist.targetDuration;
}

/**
 * Index of the live-edge segment: the one holding the instant "end of the playlist − hold-back",
 * where a player starts a live stream (hls.js `liveSyncPosition`). 0 when the playlist is shorter
 * than the hold-back; -1 when it is empty.
 */
export function liveEdgeIndex(segments: readonly Pick<Segment, 'duration'>[], holdBack: number): number {
  let fromEnd = 0;
  for (let i = segments.length - 1; i >= 0; i--) {
    fromEnd += segments[i]!.duration;
    if (fromEnd >= holdBack) return i;
  }
  return segments.length === 0 ? -1 : 0;
}
