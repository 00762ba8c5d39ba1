/**
 * Follower behaviour on real channels: where it starts (live edge like a player), how it keeps lag
 * bounded, when a new timeline epoch starts, and what it never delivers (EXT-X-GAP, refused hosts,
 * I-frame playlists, unmergeable delta updates). Against a scripted origin on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlaylistFollower, PlaylistParseError, type FollowerEvent } from '../src/index';
import { livePlaylist, sequence, startOrigin, text, type Origin } from './helpers/origin';

const T0 = Date.UTC(2026, 0, 1);
const seqs = (segments: readonly { mediaSequence: number }[]): number[] => segments.map((s) => s.mediaSequence);

/** A media playlist from explicit lines (header: target duration 2, then `lines`). */
const raw = (...lines: string[]): string => `#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:2\n${lines.join('\n')}\n`;

describe('PlaylistFollower: start, lag, epochs, gaps', () => {
  let a: Origin;
  let n = 0;
  const path = (): string => `/t${++n}.m3u8`;
  const follow = (
    p: string,
    extra: Partial<ConstructorParameters<typeof PlaylistFollower>[0]> = {},
  ): PlaylistFollower => new PlaylistFollower({ url: `${a.base}${p}`, ...extra });
  beforeAll(async () => {
    a = await startOrigin();
  });
  afterAll(async () => {
    await a.close();
  });

  describe('start position', () => {
    it('starts at the live edge (3 target durations of hold-back) and reports the older segments as a behind-live gap', async () => {
      const p = path();
      a.route(p, text(livePlaylist({ sequence: 100, count: 10 })));
      const update = await follow(p).poll();
      expect(seqs(update.segments)).toEqual([107, 108, 109]);
      expect(update.events).toEqual<FollowerEvent[]>([
        { type: 'gap', reason: 'behind-live', from: 100, to: 106, missed: 7 },
      ]);
    });

    it('uses EXT-X-SERVER-CONTROL:HOLD-BACK when the server sets one', async () => {
      const p = path();
      const segments = Array.from({ length: 6 }, (_, i) => `#EXTINF:2,\ns${i}.ts`);
      a.route(p, text(raw('#EXT-X-SERVER-CONTROL:HOLD-BACK=3.5', ...segments)));
      const update = await follow(p).poll();
      expect(seqs(update.segments)).toEqual([4, 5]);
      expect(update.events).toEqual([{ type: 'gap', reason: 'behind-live', from: 0, to: 3, missed: 4 }]);
    });

    it("start: 'window' delivers the whole window, and an ended playlist always starts at its first segment", async () => {
      const p = path();
      a.route(p, text(livePlaylist({ sequence: 100, count: 10 })));
      const update = await follow(p, { start: 'window' }).poll();
      expect(seqs(update.segments)).toEqual(Array.from({ length: 10 }, (_, i) => 100 + i));
      expect(update.events).toEqual([]);
      const vod = path();
      a.route(vod, text(livePlaylist({ sequence: 0, count: 10, endList: true })));
      expect(seqs((await follow(vod).poll()).segments)).toHaveLength(10);
    });
  });

  describe('max lag', () => {
    it('skips to the live edge when the next segment is more than maxLagSeconds behind it, reporting a behind-live gap', async () => {
      const p = path();
      a.route(p, text(livePlaylist({ sequence: 0, count: 100 })));
      const update = await follow(p, { state: { lastMediaSequence: 5 } }).poll();
      expect(update.events).toEqual([{ type: 'gap', reason: 'behind-live', from: 6, to: 96, missed: 91 }]);
      expect(seqs(update.segments)).toEqual([97, 98, 99]);
    });

    it('rejects a maxLagSeconds that is not a positive number', () => {
      expect(() => follow('/x.m3u8', { maxLagSeconds: 0 })).toThrow(
        'maxLagSeconds must be a positive number of seconds, got 0',
      );
      expect(() => follow('/x.m3u8', { maxLagSeconds: Number.NaN })).toThrow(RangeError);
    });

    it('delivers everything while within maxLagSeconds', async () => {
      const p = path();
      a.route(p, text(livePlaylist({ sequence: 0, count: 40 })));
      const within = await follow(p, { state: { lastMediaSequence: 5 }, maxLagSeconds: 200 }).poll();
      expect(seqs(within.segments)).toEqual(Array.from({ length: 34 }, (_, i) => 6 + i));
      expect(within.events).toEqual([]);
      // default 60 s: 31 segments of 2 s before the edge (37) is 62 s behind → skip
      const beyond = await follow(p, { state: { lastMediaSequence: 5 } }).poll();
      expect(beyond.events).toEqual([{ type: 'gap', reason: 'behind-live', from: 6, to: 36, missed: 31 }]);
    });
  });

  describe('timeline epochs', () => {
    it('an encoder restart that reuses sequence numbers starts a new epoch, so the reused numbers are delivered again as new content', async () => {
      const p = path();
      const restart = T0 + 3_600_000;
      a.route(
        p,
        sequence(
          text(livePlaylist({ sequence: 5, count: 5 })), // 5..9
          text(livePlaylist({ sequence: 0, count: 3, startMs: restart })), // restart at 0
          text(livePlaylist({ sequence: 3, count: 4, startMs: restart })), // 3..6
          text(livePlaylist({ sequence: 7, count: 6, startMs: restart })), // 7..12
        ),
      );
      const follower = follow(p, { start: 'window' });
      const first = await follower.poll();
      expect(first.segments.map((s) => [s.mediaSequence, s.epoch])).toEqual([5, 6, 7, 8, 9].map((q) => [q, 0]));
      const reset = await follower.poll();
      expect(reset.events).toEqual([
        {
          type: 'reset',
          reason: 'sequence-backwards',
          mediaSequence: 0,
          previousMediaSequence: 9,
          epoch: 1,
          newEpoch: true,
        },
      ]);
      const later = [...(await follower.poll()).segments, ...(await follower.poll()).segments];
      const all = [...reset.segments, ...later];
      expect(all.map((s) => [s.mediaSequence, s.epoch])).toEqual(Array.from({ length: 13 }, (_, q) => [q, 1]));
      // the epoch survives a restart of the follower itself
      expect(follower.state().epoch).toBe(1);
      expect(new PlaylistFollower({ url: `${a.base}${p}`, state: follower.state() }).currentEpoch).toBe(1);
    });

    it('a sequence number already delivered arriving with a different URI starts a new epoch (sequence-reused)', async () => {
      const p = path();
      a.route(
        p,
        sequence(
          text(livePlaylist({ sequence: 1, count: 3 })),
          text(livePlaylist({ sequence: 1, count: 4, prefix: 'v2/' })),
        ),
      );
      const follower = follow(p);
      await follower.poll();
      const update = await follower.poll();
      expect(update.events).toEqual([
        {
          type: 'reset',
          reason: 'sequence-reused',
          mediaSequence: 1,
          previousMediaSequence: 3,
          epoch: 1,
          newEpoch: true,
        },
      ]);
      expect(update.segments.map((s) => [s.mediaSequence, s.epoch])).toEqual([
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 1],
      ]);
    });

    it('a rotating signed token in segment URIs is not new content (same path, same time): no reset, nothing redelivered', async () => {
      const p = path();
      const signed = (token: string, first: number, count: number): string =>
        livePlaylist({ sequence: first, count }).replace(/(seg_\d+\.ts)/g, `$1?token=${token}`);
      a.route(p, sequence(text(signed('aaa', 1, 3)), text(signed('bbb', 1, 4))));
      const follower = follow(p);
      await follower.poll();
      const update = await follower.poll();
      expect([seqs(update.segments), update.events]).toEqual([[4], []]);
      expect(update.segments[0]!.uri).toBe(`${a.base}/seg_4.ts?token=bbb`);
    });

    it('a discontinuity whose program date time jumps starts a new epoch; one that continues the clock does not', async () => {
      const p = path();
      const pdt = (ms: number): string => `#EXT-X-PROGRAM-DATE-TIME:${new Date(ms).toISOString()}`;
      a.route(
        p,
        text(
          raw(
            pdt(T0),
            '#EXTINF:2,',
            'a.ts',
            '#EXT-X-DISCONTINUITY',
            pdt(T0 + 2_000),
            '#EXTINF:2,',
            'ad.ts', // clock continues: same epoch
            '#EXT-X-DISCONTINUITY',
            pdt(T0 + 600_000),
            '#EXTINF:2,',
            'b.ts', // clock jumps 596 s: new epoch
          ),
        ),
      );
      const update = await follow(p, { start: 'window' }).poll();
      expect(update.events).toEqual([
        {
          type: 'reset',
          reason: 'discontinuity',
          mediaSequence: 1,
          previousMediaSequence: 0,
          epoch: 0,
          newEpoch: false,
        },
        {
          type: 'reset',
          reason: 'discontinuity',
          mediaSequence: 2,
          previousMediaSequence: 1,
          epoch: 1,
          newEpoch: true,
          pdtJumpMs: 596_000,
        },
      ]);
      expect(update.segments.map((s) => s.epoch)).toEqual([0, 0, 1]);
    });
  });

  describe('segments never delivered', () => {
    it('reports EXT-X-GAP segments as a gap-tag gap (one event per run) and never delivers them', async () => {
      const p = path();
      a.route(
        p,
        text(
          raw(
            '#EXTINF:2,',
            'a.ts',
            '#EXT-X-GAP',
            '#EXTINF:2,',
            'b.ts',
            '#EXT-X-GAP',
            '#EXTINF:2,',
            'c.ts',
            '#EXTINF:2,',
            'd.ts',
          ),
        ),
      );
      const update = await follow(p, { start: 'window' }).poll();
      expect(seqs(update.segments)).toEqual([0, 3]);
      expect(update.events).toEqual([{ type: 'gap', reason: 'gap-tag', from: 1, to: 2, missed: 2 }]);
    });

    it('a delta update that skipped segments never delivered is reported as a left-window gap marked unmerged-skip', async () => {
      const p = path();
      a.route(
        p,
        sequence(
          text(livePlaylist({ sequence: 0, count: 5 })), // 0..4
          text(
            raw(
              '#EXT-X-MEDIA-SEQUENCE:3',
              '#EXT-X-SKIP:SKIPPED-SEGMENTS=4',
              '#EXTINF:2,',
              'seg_7.ts',
              '#EXTINF:2,',
              'seg_8.ts',
            ),
          ), // 3..6 skipped
        ),
      );
      const follower = follow(p, { start: 'window' });
      await follower.poll();
      const update = await follower.poll();
      expect(seqs(update.segments)).toEqual([7, 8]);
      expect(update.events).toEqual([
        {
          type: 'gap',
          reason: 'left-window',
          from: 5,
          to: 6,
          missed: 2,
          problem: 'unmerged-skip',
          detail: 'EXT-X-SKIP delta update skipped 5..6 before they were delivered: cannot merge',
        },
      ]);
    });

    it('merges a delta update whose skipped segments were all delivered: only the new ones, no event', async () => {
      const p = path();
      a.route(
        p,
        sequence(
          text(livePlaylist({ sequence: 0, count: 7 })),
          text(raw('#EXT-X-MEDIA-SEQUENCE:3', '#EXT-X-SKIP:SKIPPED-SEGMENTS=4', '#EXTINF:2,', 'seg_7.ts')),
        ),
      );
      const follower = follow(p, { start: 'window' });
      await follower.poll();
      const update = await follower.poll();
      expect([seqs(update.segments), update.events]).toEqual([[7], []]);
    });

    it('rejects an I-frame-only playlist with a typed error (trick play is not content)', async () => {
      const p = path();
      a.route(p, text(raw('#EXT-X-I-FRAMES-ONLY', '#EXTINF:2,', '#EXT-X-BYTERANGE:1000@0', 'a.ts')));
      const error = await follow(p)
        .poll()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlaylistParseError);
      expect((error as PlaylistParseError).code).toBe('i-frames-only');
    });
  });

  it('substitutes variables a media playlist IMPORTs from its master playlist', async () => {
    const master = path();
    const media = path();
    a.route(
      master,
      text(`#EXTM3U\n#EXT-X-DEFINE:NAME="dir",VALUE="hd"\n#EXT-X-STREAM-INF:BANDWIDTH=1\n${media.slice(1)}\n`),
    );
    a.route(media, text(raw('#EXT-X-DEFINE:IMPORT="dir"', '#EXTINF:2,', '{$dir}/a.ts')));
    const follower = follow(master);
    const update = await follower.poll();
    expect(update.segments.map((s) => s.uri)).toEqual([`${a.base}/hd/a.ts`]);
    expect(update.playlist.problems).toEqual([]);
    // resumed without the master, the saved state still knows the variable
    const resumed = new PlaylistFollower({
      url: `${a.base}${master}`,
      state: { ...follower.state(), lastMediaSequence: undefined },
    });
    expect((await resumed.poll()).segments.map((s) => s.uri)).toEqual([`${a.base}/hd/a.ts`]);
  });
});
