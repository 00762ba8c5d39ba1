/**
 * `#EXT-X-ENDLIST` on the followed channel is reported once it is confirmed — the playlist is
 * `#EXT-X-PLAYLIST-TYPE:VOD`, an earlier run reported it, or it is still there a target duration
 * after it was first seen — because a packager or CDN briefly serving a stale ended copy of a
 * live playlist is not the end. The saved state remembers a reported end so a caller resuming later
 * (the next parse run) can tell a known end from a new one and warn once rather than every run. A
 * reload without ENDLIST (the channel is live again) forgets it, so a later end is reported anew.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlaylistFollower, type FollowerEvent } from '../src/index';
import { livePlaylist, sequence, startOrigin, text, type Origin } from './helpers/origin';

/** A VOD playlist: livePlaylist with `#EXT-X-PLAYLIST-TYPE:VOD` in its header. */
const vodPlaylist = (opts: Parameters<typeof livePlaylist>[0]): string =>
  livePlaylist({ ...opts, endList: true }).replace('#EXTM3U\n', '#EXTM3U\n#EXT-X-PLAYLIST-TYPE:VOD\n');

/** A follower clock the test moves (the target duration of these playlists is 2 s). */
function clock(start = 1_800_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

const endedEvents = (events: readonly FollowerEvent[]) => events.filter((e) => e.type === 'ended');

describe('PlaylistFollower: the end of the playlist', () => {
  let a: Origin;
  beforeAll(async () => {
    a = await startOrigin();
  });
  afterAll(async () => {
    await a.close();
  });

  it('a VOD playlist: reports the end at once, saves it, and a resumed follower says it was seen before', async () => {
    a.route('/vod.m3u8', text(vodPlaylist({ sequence: 0, count: 4 })));
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

  it('an ENDLIST without PLAYLIST-TYPE:VOD is the end only when still there a target duration later', async () => {
    a.route('/ended.m3u8', text(livePlaylist({ sequence: 0, count: 4, endList: true })));
    const t = clock();
    const follower = new PlaylistFollower({ url: `${a.base}/ended.m3u8`, now: t.now });
    expect(endedEvents((await follower.poll()).events)).toEqual([]);
    t.advance(1999);
    expect(endedEvents((await follower.poll()).events)).toEqual([]);
    expect(follower.state()).not.toHaveProperty('ended');
    t.advance(1);
    expect((await follower.poll()).events).toEqual([{ type: 'ended', lastMediaSequence: 3 }]);
    expect(follower.state().ended).toBe(true);
  });

  it('a stale ENDLIST copy of a live playlist is not reported, and the state does not call it an end', async () => {
    a.route(
      '/stale.m3u8',
      sequence(
        text(livePlaylist({ sequence: 0, count: 3 })),
        text(livePlaylist({ sequence: 0, count: 3, endList: true })),
        text(livePlaylist({ sequence: 0, count: 5 })),
      ),
    );
    const t = clock();
    const follower = new PlaylistFollower({ url: `${a.base}/stale.m3u8`, start: 'window', now: t.now });
    await follower.poll();
    t.advance(1000);
    expect(endedEvents((await follower.poll()).events)).toEqual([]);
    // a parse run stopping now saves an unconfirmed end: not `ended`, only when it was first seen
    expect(follower.state()).not.toHaveProperty('ended');
    expect(follower.state().endSeenAt).toBe(t.now());
    t.advance(1000);
    const live = await follower.poll();
    expect(endedEvents(live.events)).toEqual([]);
    expect(live.segments.map((s) => s.mediaSequence)).toEqual([3, 4]);
    expect(follower.state()).not.toHaveProperty('endSeenAt');
  });

  it('ENDLIST, live again, ENDLIST: each end is reported, the second not as seen before', async () => {
    a.route(
      '/event.m3u8',
      sequence(
        text(vodPlaylist({ sequence: 0, count: 3 })),
        text(livePlaylist({ sequence: 0, count: 5 })),
        text(vodPlaylist({ sequence: 0, count: 6 })),
      ),
    );
    const follower = new PlaylistFollower({ url: `${a.base}/event.m3u8` });
    expect(endedEvents((await follower.poll()).events)).toEqual([{ type: 'ended', lastMediaSequence: 2 }]);
    expect(follower.state().ended).toBe(true);
    await follower.poll();
    expect(follower.state()).not.toHaveProperty('ended');
    expect(endedEvents((await follower.poll()).events)).toEqual([{ type: 'ended', lastMediaSequence: 5 }]);
    // and a run resuming this state knows the second end was reported
    const resumed = new PlaylistFollower({ url: `${a.base}/event.m3u8`, state: follower.state() });
    expect((await resumed.poll()).events).toEqual([{ type: 'ended', lastMediaSequence: 5, seenBefore: true }]);
  });

  it('an end first seen by an earlier run (not yet confirmed) is confirmed a target duration later and reported as new', async () => {
    a.route('/later.m3u8', text(livePlaylist({ sequence: 0, count: 4, endList: true })));
    const t = clock();
    const earlier = new PlaylistFollower({ url: `${a.base}/later.m3u8`, now: t.now });
    await earlier.poll();
    t.advance(2000);
    const next = new PlaylistFollower({ url: `${a.base}/later.m3u8`, now: t.now, state: earlier.state() });
    expect((await next.poll()).events).toEqual([{ type: 'ended', lastMediaSequence: 3 }]);
  });
});
