/** Environment variable that overrides the ffmpeg binary. */
export const FFMPEG_PATH_ENV = 'FFMPEG_PATH';
/** Bytes of stderr kept for error messages. */
export const DEFAULT_STDERR_TAIL_BYTES = 8 * 1024;
/** Grace between SIGTERM and SIGKILL when a run is stopped. */
export const DEFAULT_KILL_GRACE_MS = 2_000;
/** Default timeout of one ffmpeg run. */
export const DEFAULT_FFMPEG_TIMEOUT_MS = 60_000;
