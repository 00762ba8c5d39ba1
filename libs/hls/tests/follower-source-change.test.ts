/**
 * A saved follower state belongs to the source URL it was resolved from. Resumed with another
 * configured URL (a restarted local stack whose demo channel got a new port, or `--hls-url`
 * changed on an existing data folder), the follower re-resolves the configured URL, starts where a
 * fresh start would, in a new timeline epoch, and says so once with a `source-changed` reset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlaylistFollower, type FollowerEvent, type FollowerState } from '../src/index';
import { livePlaylist, startOrigin, text, type Origin } from './helpers/origin';

const masterOf = (variant: string): string => ['#EXTM3U', '#EXT-X-STREAM-INF:BANDWIDTH=800000', variant, ''].join('\n');

const seqEpochs = (segments: readonly { mediaSequence: number; epoch: number }[]): number[][] =>
  segments.map((s) => [s.mediaSequence, s.epoch]);

describe('PlaylistFollower: saved state of another source', () => {
  let before: Origin;
  let now: Origin;
  /** What a follower of the old channel saved: 3 segments delivered, epoch 2. */
  let saved: FollowerState;
  beforeAll(async () => {
    [before, now] = await Promise.all([startOrigin(), startOrigin()]);
    before.route('/media.m3u8', text(livePlaylist({ sequence: 40, count: 3 })));
    now.route('/media.m3u8', text(livePlaylist({ sequence: 0, count: 10 })));
    now.route('/other.m3u8', text(livePlaylist({ sequence: 500, count: 4 })));
    now.route('/old.m3u8', text(livePlaylist({ sequence: 40, count: 3, prefix: 'old' })));
    now.route('/master.m3u8', text(masterOf('other.m3u8')));
    const old = new PlaylistFollower({
      url: `${before.base}/media.m3u8`,
      start: 'window',
      state: { epoch: 2, lastMediaSequence: 39 },
    });
    await old.poll();
    saved = old.state();
    await before.close(); // the old channel (its port) is gone, as after a restart
  });
  afterAll(async () => {
    await now.close();
  });

  it('records the source URL the state was saved for', () => {
    expect(saved).toMatchObject({
      sourceUrl: `${before.base}/media.m3u8`,
      mediaUrl: `${before.base}/media.m3u8`,
      lastMediaSequence: 42,
      epoch: 2,
    });
  });

  it('another channel URL (a new port): re-resolves it, starts at its live edge in a new epoch and reports one source-changed reset', async () => {
    const follower = new PlaylistFollower({ url: `${now.base}/media.m3u8`, state: saved });
    const first = await follower.poll();
    expect(first.events).toEqual<FollowerEvent[]>([
      {
        type: 'reset',
        reason: 'source-changed',
        // the first segment taken from the new source: a live start begins at the live edge
        mediaSequence: 7,
        previousMediaSequence: 42,
        epoch: 3,
        newEpoch: true,
        previousUrl: `${before.base}/media.m3u8`,
      },
      { type: 'gap', reason: 'behind-live', from: 0, to: 6, missed: 7 },
    ]);
    expect(seqEpochs(first.segments)).toEqual([
      [7, 3],
      [8, 3],
      [9, 3],
    ]);
    expect(follower.state()).toMatchObject({ sourceUrl: `${now.base}/media.m3u8`, mediaUrl: `${now.base}/media.m3u8` });
    // said once: the next reload is an ordinary one
    expect((await follower.poll()).events).toEqual([]);
    // and the new state resumes on the new source without another reset
    const resumed = new PlaylistFollower({ url: `${now.base}/media.m3u8`, state: follower.state() });
    const again = await resumed.poll();
    expect(again.events).toEqual([]);
    expect(resumed.currentEpoch).toBe(3);
  });

  it('an older state without sourceUrl whose media URL the host policy refuses is treated the same way', async () => {
    const { sourceUrl: _dropped, ...legacy } = saved;
    const follower = new PlaylistFollower({ url: `${now.base}/media.m3u8`, state: legacy });
    const first = await follower.poll();
    expect(first.events[0]).toMatchObject({
      type: 'reset',
      reason: 'source-changed',
      epoch: 3,
      newEpoch: true,
      previousUrl: `${before.base}/media.m3u8`,
    });
    expect(seqEpochs(first.segments)).toEqual([
      [7, 3],
      [8, 3],
      [9, 3],
    ]);
  });

  it('another path on the same host (--hls-url changed) follows the configured URL, not the saved media playlist', async () => {
    const onSameHost: FollowerState = {
      ...saved,
      sourceUrl: `${now.base}/media.m3u8`,
      mediaUrl: `${now.base}/media.m3u8`,
    };
    const follower = new PlaylistFollower({ url: `${now.base}/other.m3u8`, start: 'window', state: onSameHost });
    const first = await follower.poll();
    expect(first.events).toEqual([
      expect.objectContaining({ reason: 'source-changed', previousUrl: `${now.base}/media.m3u8` }),
    ]);
    expect(seqEpochs(first.segments)).toEqual([500, 501, 502, 503].map((q) => [q, 3]));
  });

  it('the same source (spelled with another case of scheme and host) resumes where it stopped', async () => {
    const follower = new PlaylistFollower({
      url: `${now.base}/media.m3u8`,
      state: {
        sourceUrl: `${now.base.toUpperCase()}/media.m3u8`,
        mediaUrl: `${now.base}/media.m3u8`,
        lastMediaSequence: 8,
        epoch: 1,
      },
    });
    const first = await follower.poll();
    expect(first.events).toEqual([]);
    expect(seqEpochs(first.segments)).toEqual([[9, 1]]);
  });

  describe('an older state without sourceUrl', () => {
    /** What an older version saved while following `${now.base}/old.m3u8`. */
    const legacy = (mediaUrl: string): FollowerState => ({ mediaUrl, lastMediaSequence: 40, epoch: 1 });

    it('another path on the same host: re-resolves the configured URL and starts over instead of resuming the old playlist', async () => {
      const follower = new PlaylistFollower({
        url: `${now.base}/other.m3u8`,
        start: 'window',
        state: legacy(`${now.base}/old.m3u8`),
      });
      // nothing is attributed to the configured URL before it was resolved
      expect(follower.state()).not.toHaveProperty('sourceUrl');
      expect(follower.state().mediaUrl).toBe(`${now.base}/old.m3u8`);
      const first = await follower.poll();
      expect(first.events).toEqual<FollowerEvent[]>([
        {
          type: 'reset',
          reason: 'source-changed',
          mediaSequence: 500,
          previousMediaSequence: 40,
          epoch: 2,
          newEpoch: true,
          previousUrl: `${now.base}/old.m3u8`,
        },
      ]);
      expect(seqEpochs(first.segments)).toEqual([500, 501, 502, 503].map((q) => [q, 2]));
      expect(follower.state()).toMatchObject({
        sourceUrl: `${now.base}/other.m3u8`,
        mediaUrl: `${now.base}/other.m3u8`,
        lastMediaSequence: 503,
        epoch: 2,
      });
    });

    it('through a master playlist that now names another variant: starts over the same way', async () => {
      const follower = new PlaylistFollower({
        url: `${now.base}/master.m3u8`,
        start: 'window',
        state: legacy(`${now.base}/old.m3u8`),
      });
      const first = await follower.poll();
      expect(first.events).toEqual([
        expect.objectContaining({ reason: 'source-changed', previousUrl: `${now.base}/old.m3u8`, epoch: 2 }),
      ]);
      expect(seqEpochs(first.segments)).toEqual([500, 501, 502, 503].map((q) => [q, 2]));
      expect(follower.state()).toMatchObject({
        sourceUrl: `${now.base}/master.m3u8`,
        mediaUrl: `${now.base}/other.m3u8`,
      });
    });

    it('another port when ALLOWED_HOSTS lists the bare host: starts over (the old port is never fetched)', async () => {
      const follower = new PlaylistFollower({
        url: `${now.base}/media.m3u8`,
        allowedHosts: ['127.0.0.1'],
        state: legacy(`${before.base}/media.m3u8`),
      });
      const first = await follower.poll();
      expect(first.events[0]).toMatchObject({ reason: 'source-changed', previousUrl: `${before.base}/media.m3u8` });
      expect(seqEpochs(first.segments)).toEqual([
        [7, 2],
        [8, 2],
        [9, 2],
      ]);
    });

    it('the same media playlist (its query string aside): resumes the position and from then on records the source', async () => {
      const follower = new PlaylistFollower({
        url: `${now.base}/old.m3u8`,
        state: legacy(`${now.base}/old.m3u8?token=expired`),
      });
      const first = await follower.poll();
      expect(first.events).toEqual([]);
      expect(seqEpochs(first.segments)).toEqual([
        [41, 1],
        [42, 1],
      ]);
      expect(follower.state()).toMatchObject({ sourceUrl: `${now.base}/old.m3u8`, mediaUrl: `${now.base}/old.m3u8` });
    });
  });

  it('the same source whose saved media URL the host policy now refuses: says so (not "another source") and starts over on the media playlist it resolves to now', async () => {
    const follower = new PlaylistFollower({
      url: `${now.base}/master.m3u8`,
      start: 'window',
      state: {
        sourceUrl: `${now.base}/master.m3u8`,
        mediaUrl: 'http://cdn.invalid/old/media.m3u8',
        lastMediaSequence: 7,
        epoch: 4,
      },
    });
    expect(follower.state()).toMatchObject({
      sourceUrl: `${now.base}/master.m3u8`,
      mediaUrl: 'http://cdn.invalid/old/media.m3u8',
    });
    const first = await follower.poll();
    expect(first.events).toEqual<FollowerEvent[]>([
      {
        type: 'reset',
        reason: 'media-url-refused',
        mediaSequence: 500,
        previousMediaSequence: 7,
        epoch: 5,
        newEpoch: true,
        previousUrl: 'http://cdn.invalid/old/media.m3u8',
      },
    ]);
    expect(seqEpochs(first.segments)).toEqual([500, 501, 502, 503].map((q) => [q, 5]));
  });
});
