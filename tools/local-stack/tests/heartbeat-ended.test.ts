/** A finished recording given as the channel: after its ENDLIST warning, no "no segment processed" error. */
import { describe, expect, it } from 'vitest';
import { startHeartbeat } from '../src/heartbeat';

describe('heartbeat and an ended playlist', () => {
  it('says nothing about missing segments once parse reported the end of the playlist', async () => {
    const lines: string[] = [];
    const heartbeat = startHeartbeat({ report: (l) => lines.push(l), stallMs: 30, everyMs: 5 });
    const quiet = { info() {}, warn() {}, error() {} };
    const sink = heartbeat.watch(quiet);
    sink.info('segment processed', { sequence: 3 });
    sink.warn('the channel playlist has #EXT-X-ENDLIST …', { channel: 'demo', endList: true });
    await new Promise((r) => setTimeout(r, 80));
    heartbeat.stop();
    expect(lines).toEqual([]);
  });

  it('still reports a stall of a live channel', async () => {
    const lines: string[] = [];
    const heartbeat = startHeartbeat({ report: (l) => lines.push(l), stallMs: 30, everyMs: 5 });
    heartbeat.watch({ info() {}, warn() {}, error() {} }).warn('gap: …', { channel: 'demo' });
    await new Promise((r) => setTimeout(r, 80));
    heartbeat.stop();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error \[stack\] no segment processed for \d+ s/);
  });
});
