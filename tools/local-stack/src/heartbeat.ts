/**
 * Says so when the pipeline stops making progress although every process is alive (a handler
 * stuck on a store that answers nothing, a channel that stopped publishing): no segment processed
 * for `stallMs` gives one error line, and a line again when segments flow once more. Without it
 * the dashboard keeps serving old feeds and nothing at the terminal says anything is wrong.
 */
// The stack runs the parse handler in-process (see stack.ts); the field naming its end-of-playlist
// lines is parse's, so it is imported rather than spelled again here.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { PLAYLIST_ENDED_FIELD } from '@catfinder/parse-lambda';
import type { LogSink } from './progress';

export interface HeartbeatOptions {
  readonly report: (line: string) => void;
  /** @default 180000 (3 min: three scheduled runs) */
  readonly stallMs?: number;
  /** @default stallMs / 6 */
  readonly everyMs?: number;
}

export interface Heartbeat {
  /** The parse log sink, passing records through and noting processed segments. */
  watch(sink: LogSink): LogSink;
  stop(): void;
}

export function startHeartbeat(options: HeartbeatOptions): Heartbeat {
  const stallMs = options.stallMs ?? 180_000;
  const started = Date.now();
  let last: number | undefined;
  let stalled = false;
  /**
   * The channel's playlist ended (#EXT-X-ENDLIST): no new segment is expected, so none missing is a
   * stall. It stays set: parse reports the end at the poll, before it processes the segments that
   * poll listed, so a segment processed afterwards does not mean the channel is live again (and a
   * channel that does go live again after its end is rare enough not to be watched for a stall).
   */
  let ended = false;
  const timer = setInterval(
    () => {
      const since = last ?? started;
      if (!stalled && !ended && Date.now() - since > stallMs) {
        stalled = true;
        const what = last === undefined ? 'since the stack started' : `since ${new Date(last).toISOString()}`;
        options.report(
          `error [stack] no segment processed for ${Math.round((Date.now() - since) / 1000)} s (${what}); the channel or a store may be stuck — see the errors above`,
        );
      }
    },
    options.everyMs ?? stallMs / 6,
  );
  timer.unref();
  // parse marks every line about the playlist's end (the first run's warning, later runs' info).
  const noteEnd = (extra: Record<string, unknown> | undefined): void => {
    if (extra?.[PLAYLIST_ENDED_FIELD] === true) ended = true;
  };
  const beat = (): void => {
    last = Date.now();
    if (stalled) options.report('warn [stack] segments are processed again');
    stalled = false;
  };
  return {
    watch: (sink) => ({
      info: (message, extra) => {
        if (message === 'segment processed') beat();
        noteEnd(extra);
        sink.info(message, extra);
      },
      warn: (message, extra) => {
        noteEnd(extra);
        sink.warn(message, extra);
      },
      error: (message, extra) => sink.error(message, extra),
    }),
    stop: () => clearInterval(timer),
  };
}
