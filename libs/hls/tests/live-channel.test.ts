import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_PROGRAMME_CACHE, SHORT_PROGRAMME, startDemoChannel, type DemoChannel } from '@catfinder/demo-channel';
import { downloadSegment, PlaylistFollower, type FollowerEvent, type Segment } from '../src/index';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** PDT text of every segment URI in a raw playlist (read independently of the parser under test). */
function rawPdts(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let pdt: string | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pdt = line.slice('#EXT-X-PROGRAM-DATE-TIME:'.length).trim();
    else if (line && !line.startsWith('#') && pdt) {
      out.set(line.trim(), pdt);
      pdt = undefined;
    }
  }
  return out;
}

describe('following the real demo channel (ffmpeg live HLS, 1 s segments, 3-segment window)', () => {
  let channel: DemoChannel;
  beforeAll(async () => {
    // The same 6 s programme as the parse-lambda, delta and local-stack tests, rendered once per run.
    channel = await startDemoChannel({ ...SHORT_PROGRAMME, windowSegments: 3, cacheDir: SHARED_PROGRAMME_CACHE });
  }, 120_000);
  afterAll(async () => {
    await channel?.stop();
  });

  // The first two tests only read the channel (each with its own follower), so they watch it at the
  // same time instead of one after the other.
  it.concurrent(
    'sees every sequence exactly once, in order, with start times equal to PROGRAM-DATE-TIME to the ms',
    async () => {
      const follower = new PlaylistFollower({ url: channel.masterUrl });
      const delivered: Segment[] = [];
      const events: FollowerEvent[] = [];
      const errors: unknown[] = [];
      const pdtByUri = new Map<string, string>();
      // The caller paces reloads (as the parse Lambda does): poll, then wait nextReloadMs.
      let running = true;
      const loop = (async (): Promise<void> => {
        while (running) {
          try {
            const update = await follower.poll();
            delivered.push(...update.segments);
            events.push(...update.events);
            await sleep(update.nextReloadMs);
          } catch (error) {
            errors.push(error);
            await sleep(200);
          }
        }
      })();
      // Meanwhile read the raw playlist ourselves to learn each segment's PDT text.
      const until = Date.now() + 11_000; // > 3 windows of 3 s
      while (Date.now() < until) {
        const text = await (await fetch(channel.mediaUrl)).text();
        for (const [uri, pdt] of rawPdts(text)) pdtByUri.set(new URL(uri, channel.mediaUrl).href, pdt);
        await sleep(250);
      }
      running = false;
      await loop;

      expect(errors).toEqual([]);
      expect(events).toEqual([]);
      expect(follower.variant?.resolution).toEqual({ width: 640, height: 360 });
      const sequences = delivered.map((s) => s.mediaSequence);
      expect(sequences.length).toBeGreaterThanOrEqual(9);
      expect(sequences).toEqual(sequences.map((_, i) => sequences[0]! + i)); // consecutive, no duplicates
      let compared = 0;
      for (const segment of delivered) {
        expect(segment.clock).toBe('program-date-time');
        expect(segment.duration).toBe(1);
        expect(segment.startTime).toBe(channel.programStartMs + segment.mediaSequence * 1000);
        const raw = pdtByUri.get(segment.uri);
        if (raw) {
          expect(raw).toMatch(/\.\d{3}\+0000$/); // ffmpeg prints milliseconds
          expect(segment.startTime).toBe(Date.parse(raw));
          compared++;
        }
      }
      expect(compared).toBeGreaterThanOrEqual(sequences.length - 2);
    },
    40_000,
  );

  it.concurrent(
    'reports a gap when paused longer than the window, then carries on',
    async () => {
      const follower = new PlaylistFollower({ url: channel.mediaUrl });
      const first = await follower.poll();
      const last = first.segments.at(-1)!.mediaSequence;
      await sleep(4_500); // window = 3 s
      const after = await follower.poll();
      const gap = after.events.find((e) => e.type === 'gap');
      expect(gap).toMatchObject({ type: 'gap', from: last + 1 });
      expect(after.segments[0]!.mediaSequence).toBe((gap as { to: number }).to + 1);
    },
    20_000,
  );

  it('downloads a live segment as MPEG-TS bytes', async () => {
    const update = await new PlaylistFollower({ url: channel.mediaUrl }).poll();
    const result = await downloadSegment(update.segments.at(-1)!);
    expect(result.bytes[0]).toBe(0x47);
    expect(result.bytes.byteLength % 188).toBe(0);
    expect(result.bytes.byteLength).toBeGreaterThan(10_000);
  });
});
