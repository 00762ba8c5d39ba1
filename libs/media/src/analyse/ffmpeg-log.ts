/** Parsers for the ffmpeg stderr lines the analysis graph prints (two `metadata=print` filters, stream info). */

export interface VideoStreamInfo {
  width: number;
  height: number;
  pixFmt: string;
}

export interface PrintedFrame {
  pts: number;
  ptsTime: number;
  sceneScore: number;
  /** Printed by the candidate branch (the frame is a sample candidate). */
  candidate: boolean;
}

/**
 * Collects per-frame scene scores and output stream info from stderr lines. The graph's `select`
 * sends every frame to exactly one of two printers — `allTag` (not a candidate) or `candTag`
 * (a sample candidate) — so together they print each frame once. Their lines may interleave, so
 * {@link AnalysisLogParser.framesInOrder} sorts by pts.
 */
export class AnalysisLogParser {
  private readonly printed: PrintedFrame[] = [];
  /** The frame whose score line is expected next, per printer. */
  private readonly open = new Map<string, PrintedFrame>();
  /**
   * Video stream info per ffmpeg OUTPUT index. (Inputs are opened without stream probing, so
   * their lines carry no size; an output fed straight from the decoder shows the source's.)
   */
  readonly outputs = new Map<number, VideoStreamInfo>();
  /** The `Output #n` section stderr is in, if any. */
  private output: number | undefined;

  /** `onCandidate` is called with each candidate once its score is known (while ffmpeg runs). */
  constructor(
    private readonly allTag: string,
    private readonly candTag: string,
    private readonly onCandidate?: (frame: PrintedFrame) => void,
  ) {}

  line(line: string): void {
    const tag = line.startsWith(`[${this.allTag} @`)
      ? this.allTag
      : line.startsWith(`[${this.candTag} @`)
        ? this.candTag
        : undefined;
    if (tag) {
      const frame = /frame:\s*\d+\s+pts:\s*(-?\d+)\s+pts_time:\s*(-?[\d.e+-]+)/.exec(line);
      if (frame) {
        const printed = {
          pts: Number(frame[1]),
          ptsTime: Number(frame[2]),
          sceneScore: 0,
          candidate: tag === this.candTag,
        };
        this.printed.push(printed);
        this.open.set(tag, printed);
        return;
      }
      const score = /lavfi\.scene_score=([\d.e+-]+)/.exec(line);
      const last = this.open.get(tag);
      if (score && last) {
        last.sceneScore = Number(score[1]);
        this.open.delete(tag);
        if (last.candidate) this.onCandidate?.(last);
      }
      return;
    }
    const section = /^(Input|Output) #(\d+)/.exec(line);
    if (section) {
      this.output = section[1] === 'Output' ? Number(section[2]) : undefined;
      return;
    }
    if (this.output === undefined || this.outputs.has(this.output)) return;
    const stream = /Stream #\d+:\d+.*?: Video: [^,]+(?:\([^)]*\))*[^,]*, (\w+)(?:\([^)]*\))?, (\d+)x(\d+)/.exec(line);
    if (stream)
      this.outputs.set(this.output, { pixFmt: stream[1] ?? '', width: Number(stream[2]), height: Number(stream[3]) });
  }

  /** Every printed frame in presentation order. */
  framesInOrder(): PrintedFrame[] {
    return [...this.printed].sort((a, b) => a.pts - b.pts);
  }
}

/**
 * Take the complete JPEGs (SOI … EOI) from the start of a concatenated MJPEG (image2pipe) byte
 * stream; `consumed` is where the first incomplete one starts (keep those bytes for the next chunk).
 */
export function takeJpegs(bytes: Buffer): { jpegs: Buffer[]; consumed: number } {
  const jpegs: Buffer[] = [];
  let start = -1;
  let consumed = 0;
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] !== 0xff) continue;
    const marker = bytes[i + 1];
    if (marker === 0xd8 && start < 0) start = i;
    else if (marker === 0xd9 && start >= 0) {
      jpegs.push(bytes.subarray(start, i + 2));
      start = -1;
      i++;
      consumed = i + 1;
    } else if (
      start >= 0 &&
      marker !== undefined &&
      marker >= 0xc0 &&
      marker !== 0xd8 &&
      marker !== 0xff &&
      !(marker >= 0xd0 && marker <= 0xd7) &&
      marker !== 0xda &&
      marker !== 0xd9
    ) {
      // Marker segment with a length field: skip it so lengths containing 0xFFD9 never confuse us.
      const len = ((bytes[i + 2] ?? 0) << 8) | (bytes[i + 3] ?? 0);
      i += 1 + len;
    }
  }
  return { jpegs, consumed: start >= 0 ? start : consumed };
}
