/** One scene of the program: a still image shown with slow zoom, then a hard cut to the next. */
export interface SceneSpec {
  /** Name reported in the schedule (e.g. `cat`). */
  readonly name: string;
  /** Image path (absolute, or relative to the tool's `fixtures/images/`), or `testpattern`. */
  readonly image: string;
  /** Length in seconds; rounded to whole frames (30 fps). */
  readonly seconds: number;
  /** Something that walks into this scene partway through, without a cut (the cat entering a room). */
  readonly walkIn?: WalkInSpec;
}

/** A picture that slides in from the right edge and stays, centred, for the rest of the scene. */
export interface WalkInSpec {
  /** Name of what walks in (e.g. `cat`); reported in the schedule. */
  readonly name: string;
  /** Image path (absolute, or relative to the tool's `fixtures/images/`). */
  readonly image: string;
  /** Seconds into the scene when its first column of pixels enters the picture. */
  readonly atSeconds: number;
  /** Seconds from entering to its resting place (centred). @default 1 */
  readonly slideSeconds?: number;
  /** Its height as a fraction of the picture height. @default 0.8 */
  readonly heightFraction?: number;
}

/**
 * Something a real origin does wrong, on demand (see `faults.ts`). `atSeconds` (in the `faults`
 * option) counts from the moment `startDemoChannel` resolves.
 */
export type ChannelFault =
  /** The encoder restarts: sequence numbers and segment names start again at 0 (new content). */
  | { readonly kind: 'restart' }
  /** Sequence numbers jump ahead by `by` (a packager failover). */
  | { readonly kind: 'jump'; readonly by: number }
  /** Every request (playlists and segments) answers `status` (default 503) for `seconds`. */
  | { readonly kind: 'http-error'; readonly seconds: number; readonly status?: number }
  /** Requests for the next new segment hang, unanswered, for `seconds` after it is listed. */
  | { readonly kind: 'stall'; readonly seconds: number }
  /** The next new segment is listed at `http://<host>/…` (default 169.254.169.254), a host the channel does not own. */
  | { readonly kind: 'foreign-uri'; readonly host?: string };

/** A fault at a time, for the `faults` option. */
export type ScheduledFault = ChannelFault & { readonly atSeconds: number };

/** One segment as the origin listed it (once per epoch and sequence number). */
export interface ListedSegment {
  /** 0 before any restart/jump; +1 for each. */
  readonly epoch: number;
  /** Sequence number clients saw. */
  readonly sequence: number;
  /** ffmpeg's own sequence number: the segment's content (frames `realSequence × framesPerSegment …`). */
  readonly realSequence: number;
  /** URI as listed. */
  readonly uri: string;
  /** Its `#EXT-X-PROGRAM-DATE-TIME`, epoch ms. */
  readonly startMs: number | undefined;
  readonly firstListedMs: number;
  readonly lastListedMs: number;
}

/** A picture size in pixels. */
export interface PictureSize {
  readonly width: number;
  readonly height: number;
}

/** How segments are packaged. */
export type SegmentContainer = 'ts' | 'fmp4';

/** Options of {@link startDemoChannel}. */
export interface DemoChannelOptions {
  /**
   * TCP port on 127.0.0.1; 0 picks a free one.
   * @default 0
   */
  readonly port?: number;
  /**
   * Segment length in seconds (whole frames at 30 fps).
   * @default 2
   */
  readonly segmentSeconds?: number;
  /**
   * Keyframe interval (closed GOPs) in seconds. Segments are cut on keyframes, so `segmentSeconds`
   * must be a whole multiple of it; live channels often have 2 s GOPs in 6 s segments, which lets
   * a frame-accurate clip copy whole GOPs instead of re-encoding them.
   * @default segmentSeconds (one GOP per segment)
   */
  readonly gopSeconds?: number;
  /**
   * Output picture size: even numbers from 128x72 to 3840x2160. Stills are letter-boxed into it
   * (never stretched), so any aspect ratio works.
   * @default { width: 640, height: 360 }
   */
  readonly size?: PictureSize;
  /**
   * Scenes in program order. The program loops forever.
   * @default DEFAULT_SCENES (testpattern 3 s, astronaut 4.5 s, cat 6.5 s, coffee 5 s, rocket 5 s)
   */
  readonly scenes?: readonly SceneSpec[];
  /**
   * Segments kept in the live sliding window.
   * @default 6
   */
  readonly windowSegments?: number;
  /**
   * Add a 440 Hz AAC tone track.
   * @default false
   */
  readonly audio?: boolean;
  /**
   * Segment container: MPEG-TS (`seg_<n>.ts`), or fMP4/CMAF (`seg_<n>.m4s` fragments with one
   * `init.mp4` named by `#EXT-X-MAP`, playlist version 7). Same program, frames and timing.
   * @default 'ts'
   */
  readonly container?: SegmentContainer;
  /**
   * Give up if the first playlist is not served within this many ms.
   * @default 60000
   */
  readonly startTimeoutMs?: number;
  /**
   * Keep the rendered program here and reuse it while the scenes, segment length and size are the
   * same (rendering is most of the start-up time).
   * @default undefined (render into the channel's temp folder every start)
   */
  readonly cacheDir?: string;
  /**
   * Misbehave on a schedule (soak tests). Faults can also be injected at any time with
   * `channel.inject()`. Either way the media playlist is then served through the fault layer.
   * @default [] (a well-behaved origin)
   */
  readonly faults?: readonly ScheduledFault[];
}

/** Where one scene sits in the program (one loop of it). Frames count from 0 at program start. */
export interface ScheduledScene {
  readonly name: string;
  readonly image: string;
  /** First frame of the scene within the program (a hard cut). */
  readonly startFrame: number;
  /** Number of frames; the last frame is `startFrame + frameCount - 1`. */
  readonly frameCount: number;
  /** `startFrame / fps`. */
  readonly startSeconds: number;
  /** `frameCount / fps`. */
  readonly durationSeconds: number;
  /** What walks in, in program frames: visible (partly) from `firstFrame`, resting from `settledFrame` to the scene's end. */
  readonly walkIn?: {
    readonly name: string;
    readonly image: string;
    readonly firstFrame: number;
    readonly settledFrame: number;
    readonly heightFraction: number;
  };
}

/** The program's timing: enough to know exactly which frame of the live stream is which scene. */
export interface ProgramSchedule {
  readonly fps: number;
  readonly segmentSeconds: number;
  /** Frames per segment. */
  readonly framesPerSegment: number;
  /** Frames per closed GOP (a whole number of GOPs per segment; by default one). */
  readonly framesPerGop: number;
  /** Frames in one loop of the program (a whole number of segments). */
  readonly programFrames: number;
  /** Segments in one loop of the program. */
  readonly programSegments: number;
  readonly scenes: readonly ScheduledScene[];
}

/** One occurrence of a scene on the live timeline. */
export interface SceneOccurrence {
  readonly name: string;
  /** Which loop of the program (0 = first). */
  readonly loop: number;
  /** Absolute frame number since the channel started (frame 0 = first frame of media sequence 0). */
  readonly firstFrame: number;
  readonly lastFrame: number;
  /** Absolute time of the first frame / of the last frame, epoch ms. */
  readonly startMs: number;
  readonly lastFrameMs: number;
  /** Media sequence holding the first / the last frame, and the frame's index inside it. */
  readonly firstSegment: { readonly mediaSequence: number; readonly index: number };
  readonly lastSegment: { readonly mediaSequence: number; readonly index: number };
}

/** How the channel's live encoder (ffmpeg) ended. */
export interface PublisherExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Last lines ffmpeg wrote to stderr. */
  readonly stderrTail: string;
  /** True when `stop()` ended it (not a crash). */
  readonly stopped: boolean;
}

/** A running demo channel. */
export interface DemoChannel {
  readonly masterUrl: string;
  readonly mediaUrl: string;
  readonly port: number;
  /** The ffmpeg output directory (removed by `stop()`). */
  readonly dir: string;
  /** The segment container being published. */
  readonly container: SegmentContainer;
  readonly schedule: ProgramSchedule;
  /**
   * Epoch ms of the first frame of media sequence 0 — the `#EXT-X-PROGRAM-DATE-TIME` ffmpeg
   * gives segment 0 (ffmpeg starts it at a whole second of wall-clock time).
   */
  readonly programStartMs: number;
  /** Absolute time (epoch ms) of absolute frame `frame` (frame 0 = first frame of sequence 0). */
  frameTime(frame: number): number;
  /** Occurrences of every scene (or of one, by name) that overlap [fromMs, toMs). */
  occurrences(fromMs: number, toMs: number, name?: string): SceneOccurrence[];
  /** Resolves when the live encoder exits — a crash (supervisors report it) or `stop()`. */
  exited(): Promise<PublisherExit>;
  /** Process id of the live encoder. */
  pid(): number | undefined;
  /** Misbehave now (see {@link ChannelFault}). */
  inject(fault: ChannelFault): void;
  /** Every segment listed so far in a served media playlist. */
  listed(): ListedSegment[];
  /** Faults applied so far, with their time (epoch ms). */
  faultHistory(): readonly { readonly atMs: number; readonly fault: ChannelFault }[];
  /** Stop ffmpeg, close the server, remove the output directory. Safe to call twice. */
  stop(): Promise<void>;
}
