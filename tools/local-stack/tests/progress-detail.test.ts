/** The terminal line of a warning says what happened, e.g. which source the saved position belonged to. */
import { describe as suite, expect, it } from 'vitest';
import { describe } from '../src/progress';

suite('progress lines of warnings', () => {
  it("carries the event's detail when there is no error", () => {
    const detail =
      'source changed: the saved position (sequence 42) belongs to http://127.0.0.1:38485/media.m3u8; following the configured URL from sequence 0 as timeline epoch 3';
    expect(describe('parse', 'WARN', 'channel source changed', { channel: 'demo', detail })).toBe(
      `warn [parse] channel source changed — ${detail}`,
    );
    expect(describe('parse', 'ERROR', 'playlist poll failed', { error: 'HTTP 404', detail: 'x' })).toBe(
      'error [parse] playlist poll failed: HTTP 404',
    );
    expect(describe('parse', 'WARN', 'playlist stalled', {})).toBe('warn [parse] playlist stalled');
  });
});
