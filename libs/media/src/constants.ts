/** Environment variable that overrides the ffmpeg binary. */
export const FFMPEG_PATH_ENV = 'FFMPEG_PATH';
/** Bytes of stderr kept for error messages. */
export const DEFAULT_STDERR_TAIL_BYTES = 8 * 1024;
/** Grace between SIGTERM and SIGKILL when a run is stopped. */
export const DEFAULT_KILL_GRACE_MS = 2_000;
/** Default timeout of one ffmpeg run. */
export const DEFAULT_FFMPEG_TIMEOUT_MS = 60_000;

/** Scene score at or above which a frame is a cut (ffmpeg `scene`, 0..1). */
export const DEFAULT_CUT_THRESHOLD = 0.3;
/** Seconds between samples inside a long scene. */
export const DEFAULT_SAMPLE_INTERVAL_SECONDS = 1;
/** Mean absolute luma difference (0..255, on a 64x36 thumbnail) below which a sample is a near-duplicate of the previous one. */
export const DEFAULT_DUPLICATE_THRESHOLD = 2.5;
/**
 * Frames are scored and sampled at most this wide (aspect kept). Above the detectors' needs (the
 * local model looks at 512x512) and well below the cost of scoring full 720p/1080p frames.
 */
export const DEFAULT_ANALYSIS_MAX_WIDTH = 640;
/** ffmpeg mjpeg `-q:v` (2 best … 31 worst). */
export const DEFAULT_SAMPLE_JPEG_QUALITY = 4;
/** Timeout of one segment analysis. */
export const DEFAULT_ANALYSE_TIMEOUT_MS = 60_000;
/** Thumbnail size used for near-duplicate detection. */
export const THUMB_WIDTH = 64;
export const THUMB_HEIGHT = 36;
/** Frames of the previous segment kept as the boundary artefact (two, so ffmpeg's scene state — previous frame and previous MAFD — is restored exactly). */
export const BOUNDARY_FRAMES = 2;

/** x264 preset for re-encoded clip parts and the full re-encode fallback. */
export const DEFAULT_CLIP_PRESET = 'veryfast';
/** x264 CRF for re-encoded clip parts (visually transparent head/tail next to copied GOPs). */
export const DEFAULT_CLIP_CRF = 17;
/** Timeout of each ffmpeg run while cutting a clip. */
export const DEFAULT_CLIP_STEP_TIMEOUT_MS = 180_000;
/** Minimum PSNR (dB, luma) of a clip's first/last frame against the requested source frame. */
export const DEFAULT_MIN_PSNR = 30;
/** Audio bitrate of clips. */
export const DEFAULT_CLIP_AUDIO_BITRATE = '128k';
