/**
 * A channel whose playlist ended: no "no segment processed" error, whether the run that reports the
 * end is the first (parse's warning) or a later one resuming a known end (parse's info line) — a
 * stack restarted on a finished recording processes nothing and must not call that a stall. The
 * lines come from parse's own run (ParseRun.handleEvent), so a change on either side is caught.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
// the stack runs parse in-process (src/stack.ts); so does this test, for parse's own log lines
// eslint-disable-next-line @nx/enforce-module-boundaries
import { ParseRun, readParseConfig, type LogSink, type ParseDeps } from '@catfinder/parse-lambda';
import { startHeartbeat } from '../src/heartbeat';

const STALL_MS = 30_000;
const quiet: LogSink = { info() {}, warn() {}, error() {} };

/** Parse's handling of the playlist's end, logging through `logger`. */
async function parseReportsEnd(logger: LogSink, seenBefore: boolean): Promise<void> {
  const config = readParseConfig({
    CHANNEL_ID: 'demo',
    HLS_URL: 'http://127.0.0.1:9/recording.m3u8',
    S3_BUCKET: 'catfinder-local',
    SEGMENTS_TABLE: 'cf-segments',
    FRAMES_TABLE: 'cf-frames',
    LABELS_TABLE: 'cf-labels',
    APPEARANCES_TABLE: 'cf-appearances',
    CLIPS_TABLE: 'cf-clips',
    PREKOG_FUNCTION_NAME: 'prekog',
  });
  const run = new ParseRun(config, { logger } as unknown as ParseDeps, { getRemainingTimeInMillis: () => 60_000 });
  await run.handleEvent(seenBefore ? { type: 'ended', seenBefore: true } : { type: 'ended' });
}

describe('heartbeat and an ended playlist', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  for (const [run, seenBefore] of [
    ['the first run (its warning)', false],
    ['a later run resuming a known end (a restarted stack on a finished recording)', true],
  ] as const) {
    it(`says nothing about missing segments once parse reported the end: ${run}`, async () => {
      const lines: string[] = [];
      const heartbeat = startHeartbeat({ report: (l) => lines.push(l), stallMs: STALL_MS });
      await parseReportsEnd(heartbeat.watch(quiet), seenBefore);
      await vi.advanceTimersByTimeAsync(STALL_MS * 3);
      heartbeat.stop();
      expect(lines).toEqual([]);
    });
  }

  it('stays quiet when parse processes the ended poll’s segments after its warning (a VOD given to npm start)', async () => {
    const lines: string[] = [];
    const heartbeat = startHeartbeat({ report: (l) => lines.push(l), stallMs: STALL_MS });
    const sink = heartbeat.watch(quiet);
    // The order of a first run on a finished recording: the end at the poll, then its segments.
    await parseReportsEnd(sink, false);
    for (let i = 0; i < 4; i++) sink.info('segment processed', { channel: 'demo', sequence: i });
    await vi.advanceTimersByTimeAsync(STALL_MS * 3);
    heartbeat.stop();
    expect(lines).toEqual([]);
  });

  it('still reports a stall of a live channel', async () => {
    const lines: string[] = [];
    const heartbeat = startHeartbeat({ report: (l) => lines.push(l), stallMs: STALL_MS });
    heartbeat.watch(quiet).warn('gap: …', { channel: 'demo' });
    await vi.advanceTimersByTimeAsync(STALL_MS * 3);
    heartbeat.stop();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error \[stack\] no segment processed for \d+ s/);
  });
});
