/**
 * `#EXT-X-ENDLIST` on the followed channel: reported once per follower, and the saved state
 * remembers it so a caller resuming later (the next parse run) can tell a known end from a new one
 * and warn once rather than every run. A reload without ENDLIST (the channel is live again) clears it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlaylistFollower } from '../src/index';
import { livePlaylist, sequence, startOrigin, text, type Origin } from './helpers/origin';

describe('PlaylistFollower: the end of the playlist', () => {
  let a: Origin;
  beforeAll(async () => {
    a = await startOrigin();
  });
  afterAll(async () => {
    await a.close();
  });

  it('reports the end once, saves it, and a resumed follower says it was seen before', async () => {
    a.route('/vod.m3u8', text(livePlaylist({ sequence: 0, count: 4, endList: true })));
    const first = new PlaylistFollower({ url: `${a.base}/vod.m3u8` });
    const update = await first.poll();
    expect(update.segments).toHaveLength(4);
    expect(update.events).toEqual([{ type: 'ended', lastMediaSequence: 3 }]);
    expect((await first.poll()).events).toEqual([]);
    expect(first.state().ended).toBe(true);
    const resumed = new PlaylistFollower({ url: `${a.base}/vod.m3u8`, state: first.state() });
    const again = await resumed.poll();
    expect(again.segments).toEqual([]);
    expect(again.events).toEqual([{ type: 'ended', lastMediaSequence: 3, seenBefore: true }]);
  });

  it('forgets the end when the playlist is live again', async () => {
    a.route(
      '/event.m3u8',
      sequence(
        text(livePlaylist({ sequence: 0, count: 3, endList: true })),
        text(livePlaylist({ sequence: 0, count: 5 })),
      ),
    );
    const follower = new PlaylistFollower({ url: `${a.base}/event.m3u8` });
    await follower.poll();
    expect(follower.state().ended).toBe(true);
    await follower.poll();
    expect(follower.state()).not.toHaveProperty('ended');
  });
});
