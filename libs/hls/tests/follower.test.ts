import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchAbortedError, HostNotAllowedError, PlaylistFollower, type FollowerEvent } from '../src/index';
import { livePlaylist, sequence, slow, startOrigin, text, type Origin } from './helpers/origin';

const T0 = Date.UTC(2026, 0, 1);

describe('PlaylistFollower against a scripted origin', () => {
  let a: Origin;
  let b: Origin;
  let n = 0;
  const path = (): string => `/p${++n}.m3u8`;
  beforeAll(async () => {
    a = await startOrigin();
    b = await startOrigin();
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('delivers the first window, then only new segments, each once and in order', async () => {
    const p = path();
    a.route(
      p,
      sequence(
        text(livePlaylist({ sequence: 10, count: 3 })),
        text(livePlaylist({ sequence: 11, count: 3 })),
        text(livePlaylist({ sequence: 12, count: 3 })),
      ),
    );
    const follower = new PlaylistFollower({ url: `${a.base}${p}` });
    const first = await follower.poll();
    expect(first.segments.map((s) => s.mediaSequence)).toEqual([10, 11, 12]);
    expect(first.segments[0]!.uri).toBe(`${a.base}/seg_10.ts`);
    expect(first.segments[2]!.startTime).toBe(T0 + 12 * 2000);
    expect((await follower.poll()).segments.map((s) => s.mediaSequence)).toEqual([13]);
    const third = await follower.poll();
    expect(third.segments.map((s) => s.mediaSequence)).toEqual([14]);
    expect(third.events).toEqual([]);
    expect(third.nextReloadMs).toBeGreaterThan(0);
    expect(third.nextReloadMs).toBeLessThanOrEqual(1000); // about half the 2 s target duration
  });

  it('resumes from saved state without redelivering', async () => {
    const p = path();
    a.route(p, text(livePlaylist({ sequence: 10, count: 5 })));
    const state = { lastMediaSequence: 12 };
    const follower = new PlaylistFollower({ url: `${a.base}${p}`, state });
    expect((await follower.poll()).segments.map((s) => s.mediaSequence)).toEqual([13, 14]);
    const again = new PlaylistFollower({ url: `${a.base}${p}`, state: follower.state() });
    expect((await again.poll()).segments).toEqual([]);
  });

  it('reports a gap when segments left the window unseen', async () => {
    const p = path();
    a.route(
      p,
      sequence(text(livePlaylist({ sequence: 10, count: 3 })), text(livePlaylist({ sequence: 20, count: 3 }))),
    );
    const follower = new PlaylistFollower({ url: `${a.base}${p}` });
    await follower.poll();
    const update = await follower.poll();
    expect(update.events).toEqual([{ type: 'gap', reason: 'left-window', from: 13, to: 19, missed: 7 }]);
    expect(update.segments.map((s) => s.mediaSequence)).toEqual([20, 21, 22]);
  });

  it('reports a reset when the encoder restarts (sequence backwards) and delivers the new timeline', async () => {
    const p = path();
    a.route(
      p,
      sequence(
        text(livePlaylist({ sequence: 50, count: 3 })),
        text(livePlaylist({ sequence: 0, count: 2, startMs: T0 + 3_600_000 })),
      ),
    );
    const follower = new PlaylistFollower({ url: `${a.base}${p}` });
    await follower.poll();
    const update = await follower.poll();
    expect(update.events).toEqual([
      {
        type: 'reset',
        reason: 'sequence-backwards',
        mediaSequence: 0,
        previousMediaSequence: 52,
        epoch: 1,
        newEpoch: true,
      },
    ]);
    expect(update.segments.map((s) => s.mediaSequence)).toEqual([0, 1]);
  });

  it('detects a restart that reuses the same sequence numbers and names (different PDT)', async () => {
    const p = path();
    a.route(
      p,
      sequence(
        text(livePlaylist({ sequence: 0, count: 3 })),
        text(livePlaylist({ sequence: 0, count: 3, startMs: T0 + 60_000 })),
      ),
    );
    const follower = new PlaylistFollower({ url: `${a.base}${p}` });
    await follower.poll();
    const update = await follower.poll();
    expect(update.events).toMatchObject([{ type: 'reset', reason: 'sequence-reused', epoch: 1, newEpoch: true }]);
    expect(update.segments.map((s) => s.mediaSequence)).toEqual([0, 1, 2]);
  });

  it('treats an older cached copy of the playlist as stale, not as a reset', async () => {
    const p = path();
    a.route(
      p,
      sequence(
        text(livePlaylist({ sequence: 10, count: 3 })),
        text(livePlaylist({ sequence: 9, count: 3 })),
        text(livePlaylist({ sequence: 11, count: 3 })),
      ),
    );
    const follower = new PlaylistFollower({
      url: `${a.base}${p}`,
      state: { lastMediaSequence: 9, recent: [[9, `${a.base}/seg_9.ts`, T0 + 18_000]] },
    });
    await follower.poll();
    const stale = await follower.poll();
    expect([stale.segments, stale.events]).toEqual([[], []]);
    expect((await follower.poll()).segments.map((s) => s.mediaSequence)).toEqual([13]);
  });

  it('reports a discontinuity as a reset and gives the segment its new discontinuity sequence', async () => {
    const p = path();
    a.route(
      p,
      sequence(
        text(livePlaylist({ sequence: 1, count: 2 })),
        text(livePlaylist({ sequence: 1, count: 3, discontinuityAt: 3 })),
      ),
    );
    const follower = new PlaylistFollower({ url: `${a.base}${p}` });
    await follower.poll();
    const update = await follower.poll();
    expect(update.events).toEqual([
      { type: 'reset', reason: 'discontinuity', mediaSequence: 3, previousMediaSequence: 2, epoch: 0, newEpoch: false },
    ]);
    expect(update.segments.map((s) => [s.mediaSequence, s.discontinuitySequence])).toEqual([[3, 1]]);
  });

  it('reports a stalled playlist once after 3 target durations without a new segment', async () => {
    const p = path();
    a.route(p, text(livePlaylist({ sequence: 1, count: 2 })));
    let now = T0;
    const follower = new PlaylistFollower({ url: `${a.base}${p}`, now: () => now });
    await follower.poll();
    now += 5_000;
    expect((await follower.poll()).events).toEqual([]);
    now += 1_000; // 6 s = 3 × 2 s
    expect((await follower.poll()).events).toEqual([{ type: 'stalled', sinceMs: T0, lastMediaSequence: 2 }]);
    now += 1_000;
    expect((await follower.poll()).events).toEqual([]);
  });

  it('keeps an estimated clock continuous across reloads when there is no PDT', async () => {
    const p = path();
    a.route(
      p,
      sequence(
        text(livePlaylist({ sequence: 1, count: 2, pdt: false })),
        text(livePlaylist({ sequence: 2, count: 2, pdt: false })),
      ),
    );
    let now = 1_000_000;
    const follower = new PlaylistFollower({ url: `${a.base}${p}`, now: () => now });
    const first = await follower.poll();
    expect(first.segments.map((s) => [s.clock, s.startTime])).toEqual([
      ['estimated', 1_000_000],
      ['estimated', 1_002_000],
    ]);
    now += 2_345; // the reload happens at an arbitrary moment; segment 3 still follows segment 2
    expect((await follower.poll()).segments.map((s) => [s.mediaSequence, s.startTime])).toEqual([[3, 1_004_000]]);
  });

  it('refuses segments on another host (skipped, reported) unless the channel allows the host', async () => {
    const p = path();
    a.route(p, text(livePlaylist({ sequence: 1, count: 2, prefix: `${b.base}/` })));
    const refused = await new PlaylistFollower({ url: `${a.base}${p}` }).poll();
    expect(refused.segments).toEqual([]);
    expect(refused.events).toEqual<FollowerEvent[]>([
      { type: 'refused', reason: 'refused', mediaSequence: 1, uri: `${b.base}/seg_1.ts`, host: b.host },
      { type: 'refused', reason: 'refused', mediaSequence: 2, uri: `${b.base}/seg_2.ts`, host: b.host },
    ]);
    const allowed = await new PlaylistFollower({ url: `${a.base}${p}`, allowedHosts: [b.host] }).poll();
    expect(allowed.segments.map((s) => s.uri)).toEqual([`${b.base}/seg_1.ts`, `${b.base}/seg_2.ts`]);
  });

  it('picks a variant from a master playlist and refuses a variant on another host', async () => {
    const m = path();
    const media = path();
    a.route(media, text(livePlaylist({ sequence: 5, count: 1 })));
    a.route(
      m,
      text(
        `#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=500000\n${media.slice(1)}\n#EXT-X-STREAM-INF:BANDWIDTH=9000000\n${b.base}/hi.m3u8\n`,
      ),
    );
    const follower = new PlaylistFollower({ url: `${a.base}${m}`, variant: { maxBandwidth: 1_000_000 } });
    expect((await follower.poll()).segments.map((s) => s.mediaSequence)).toEqual([5]);
    expect(follower.variant?.bandwidth).toBe(500000);
    const hostile = new PlaylistFollower({ url: `${a.base}${m}` }); // highest = the other host
    await expect(hostile.poll()).rejects.toThrow(HostNotAllowedError);
  });

  it('refuses a media playlist that redirects to another host, without contacting it', async () => {
    const p = path();
    a.route(p, (_req, res) => void res.writeHead(302, { Location: `${b.base}/evil.m3u8` }).end());
    const before = b.requests.length;
    const error = await new PlaylistFollower({ url: `${a.base}${p}` }).poll().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostNotAllowedError);
    expect((error as Error).message).toContain(`${b.base}/evil.m3u8`);
    expect(b.requests.length).toBe(before);
  });

  it('aborts a reload in flight when the caller aborts (the caller owns pacing; the follower owns no timer)', async () => {
    const p = path();
    a.route(p, slow(2_000, text(livePlaylist({ sequence: 1, count: 1 }))));
    const controller = new AbortController();
    const polling = new PlaylistFollower({ url: `${a.base}${p}` }).poll({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 50);
    await expect(polling).rejects.toThrow(FetchAbortedError);
  });
});
