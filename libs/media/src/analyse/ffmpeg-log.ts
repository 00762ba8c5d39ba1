/** Parsers for the ffmpeg stderr lines the analysis graph prints (metadata=print, showinfo, stream info). */

export interface InputVideoInfo {
  width: number;
  height: number;
  pixFmt: string;
}

export interface PrintedFrame {
  pts: number;
  ptsTime: number;
  sceneScore: number;
}

/** Collects per-frame scene scores, candidate pts and input stream info from stderr lines. */
export class AnalysisLogParser {
  readonly frames: PrintedFrame[] = [];
  readonly candidatePts: number[] = [];
  /** Video stream info per ffmpeg input index. */
  readonly inputs = new Map<number, InputVideoInfo>();

  constructor(
    private readonly allTag: string,
    private readonly candTag: string,
  ) {}

  line(line: string): void {
    const stream = /Stream #(\d+):\d+.*?: Video: [^,]+(?:\([^)]*\))*[^,]*, (\w+)(?:\([^)]*\))?, (\d+)x(\d+)/.exec(line);
    if (stream && !this.inputs.has(Number(stream[1]))) {
      this.inputs.set(Number(stream[1]), { pixFmt: stream[2] ?? '', width: Number(stream[3]), height: Number(stream[4]) });
      return;
    }
    if (line.startsWith(`[${this.allTag} @`)) {
      const frame = /frame:\s*\d+\s+pts:\s*(-?\d+)\s+pts_time:\s*(-?[\d.e+-]+)/.exec(line);
      if (frame) {
        this.frames.push({ pts: Number(frame[1]), ptsTime: Number(frame[2]), sceneScore: 0 });
        return;
      }
      const score = /lavfi\.scene_score=([\d.e+-]+)/.exec(line);
      const last = this.frames[this.frames.length - 1];
      if (score && last) last.sceneScore = Number(score[1]);
      return;
    }
    if (line.startsWith(`[${this.candTag} @`)) {
      const cand = /\bn:\s*\d+\s+pts:\s*(-?\d+)/.exec(line);
      if (cand) this.candidatePts.push(Number(cand[1]));
    }
  }
}

/** Split a concatenated MJPEG (image2pipe) byte stream into JPEG files (SOI … EOI). */
export function splitJpegStream(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = -1;
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] !== 0xff) continue;
    const marker = bytes[i + 1];
    if (marker === 0xd8 && start < 0) start = i;
    else if (marker === 0xd9 && start >= 0) {
      out.push(bytes.subarray(start, i + 2));
      start = -1;
      i++;
    } else if (start >= 0 && marker !== undefined && marker >= 0xc0 && marker !== 0xd8 && marker !== 0xff && !(marker >= 0xd0 && marker <= 0xd7) && marker !== 0xda && marker !== 0xd9) {
      // Marker segment with a length field: skip it so lengths containing 0xFFD9 never confuse us.
      const len = ((bytes[i + 2] ?? 0) << 8) | (bytes[i + 3] ?? 0);
      i += 1 + len;
    }
  }
  return out;
}
