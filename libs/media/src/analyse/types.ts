/** Two raw frames (the last two of a segment) that let the next analysis score its first frame exactly as one continuous ffmpeg run would. */
export interface BoundaryArtefact {
  /** Raw video file (`pixFmt`, `width`x`height`, `frames` frames). */
  path: string;
  width: number;
  height: number;
  /** ffmpeg pixel format name of the decoded frames, e.g. `yuv420p`. */
  pixFmt: string;
  frames: number;
  frameRate: number;
}

/** Sampling state carried from one segment's analysis to the next (JSON-serialisable). */
export interface SamplingCarry {
  version: 1;
  /** Seconds from the last sample candidate (sampled or skipped as duplicate) to the first frame of the next segment. */
  secondsSinceCandidate: number;
  /** 64x36 grey thumbnail (base64) of the last accepted sample of the current scene, for near-duplicate checks. */
  lastSampleThumb?: string;
  /** Last frames of the segment (see BoundaryArtefact); absent when not requested. */
  boundary?: BoundaryArtefact;
}

/** Options of {@link analyseSegment}. */
export interface AnalyseSegmentOptions {
  /**
   * The segment file, H.264 or HEVC: MPEG-TS, or fMP4 (init section + fragment in one file, or a
   * bare fragment with `initPath`), which is stream-copied to TS first (same timestamps).
   */
  segmentPath: string;
  /** The fMP4 init section (`#EXT-X-MAP`) when `segmentPath` is a bare fragment. Ignored for TS. */
  initPath?: string;
  /**
   * The playlist's EXTINF for the segment. A TS cut at a packet boundary is still valid TS; when
   * this is given, a segment holding more than one frame less than it is rejected as truncated.
   */
  expectedDuration?: number;
  /** Directory that receives sample JPEGs, named `<frameIndex>.jpg`. */
  outputDir: string;
  /** State returned by the previous segment's analysis (same timeline). Omit for the first segment: its frame 0 is then a sample with scene score 0. */
  carry?: SamplingCarry;
  /**
   * The previous segment file, used only when `carry.boundary` is absent (e.g. a new process):
   * it is decoded in the same ffmpeg run so frame 0 still gets a real scene score.
   */
  previousSegmentPath?: string;
  /**
   * Write the boundary artefact (last two raw frames) and return it in `carry.boundary`.
   * @default true
   */
  keepBoundary?: boolean;
  /**
   * Where the boundary artefact is written (overwritten each call if you reuse the path).
   * @default `<outputDir>/boundary.raw`
   */
  boundaryPath?: string;
  /**
   * Scene score at or above which a frame is a cut.
   * @default 0.3
   */
  cutThreshold?: number;
  /**
   * Seconds between samples inside a scene.
   * @default 1
   */
  sampleInterval?: number;
  /**
   * Near-duplicate threshold: mean absolute luma difference (0..255) on 64x36 thumbnails.
   * @default 2.5
   */
  duplicateThreshold?: number;
  /**
   * Frames wider than this are scaled down (aspect kept, area filter) before the scene score is
   * computed, and the sample JPEGs are these scaled pictures. Never upscaled. Scores are
   * comparable only between analyses with the same value.
   * @default 640
   */
  analysisMaxWidth?: number;
  /**
   * JPEG quality as ffmpeg `-q:v` (2 best … 31 worst).
   * @default 4
   */
  jpegQuality?: number;
  /**
   * Timeout of the ffmpeg run.
   * @default 60000
   */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** ffmpeg binary. @default resolveFfmpeg() */
  ffmpegPath?: string;
}

export interface AnalysedFrame {
  /** Index in presentation order within the segment, from 0. */
  index: number;
  /** pts − first pts of the segment, seconds. */
  offsetSeconds: number;
  /** Presentation timestamp (90 kHz) as in the TS. */
  pts: number;
  keyframe: boolean;
  /** ffmpeg `scene` score relative to the previous frame (0..1); frame 0 is scored against the previous segment when known. */
  sceneScore: number;
}

export interface SegmentSample {
  index: number;
  offsetSeconds: number;
  isCut: boolean;
  sceneScore: number;
  jpegPath: string;
}

export interface SegmentAnalysis {
  segmentPath: string;
  frames: AnalysedFrame[];
  /** Frame indices whose scene score ≥ the cut threshold. */
  cuts: number[];
  samples: SegmentSample[];
  /** Candidates skipped as near-duplicates of the previous sample of the same scene. */
  skippedDuplicates: number[];
  frameRate: number;
  width: number;
  height: number;
  /** Frame count / frame rate, seconds. */
  duration: number;
  hasAudio: boolean;
  /** True when frame 0 was scored against the previous segment (artefact or file). */
  boundaryScored: boolean;
  /** Pass to the next segment's analysis. */
  carry: SamplingCarry;
  /** Wall time of the analysis, ms. */
  elapsedMs: number;
  /** Of `elapsedMs`: the successful ffmpeg run's wall ms, and the ms Node's `spawn()` blocked starting it. */
  timings: { ffmpegMs: number; spawnMs: number };
}
