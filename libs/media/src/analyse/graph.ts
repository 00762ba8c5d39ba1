import { BOUNDARY_FRAMES, THUMB_HEIGHT, THUMB_WIDTH } from '../constants';

/** Names of the two printers in the graph (ffmpeg filter instance names). */
export const ALL_TAG = 'metadata@all';
export const CAND_TAG = 'metadata@cand';

/** `secondsSinceCandidate` for the first segment ever: any interval has passed, so frame 0 is a candidate. */
export const NO_CANDIDATE_YET_SECONDS = 1e9;

export interface AnalysisGraphOptions {
  /** ffmpeg input index of the segment (1 when a prefix input comes first). */
  segmentInput: number;
  /** Frames of the prefix input (0 = no prefix). */
  prefixFrames: number;
  /** Frames in the segment (from the TS scan). */
  segmentFrames: number;
  frameRate: number;
  cutThreshold: number;
  sampleInterval: number;
  /** Seconds from the previous segment's last candidate to this segment's first frame. */
  secondsSinceCandidate: number;
  /** Frames wider than this are scaled down (area) before they are scored and sampled. */
  analysisMaxWidth: number;
}

/**
 * The analysis filter graph. Outputs: `[jpg]` (the sample candidates, for MJPEG), `[th]` (their
 * 64x36 grey thumbnails) and `[bnd]` (the segment's last frames at source size: the boundary
 * artefact, and the output whose stream line reports the source's size and pixel format).
 *
 * Cost matters here (every frame of every segment goes through it). Each frame is first scaled
 * to the analysis size (`analysisMaxWidth`): this 2018 `select` needs RGB24, and converting a
 * full 720p frame on ffmpeg's single filter thread was the bottleneck; scaling YUV down first
 * costs less than the conversion it saves. Then ONE `select` both computes the scene score and
 * routes the frame: output 0 for ordinary frames, output 1 for sample candidates. Each output
 * prints its frames' scores with `metadata=print` (cheap; `showinfo` would checksum every
 * candidate's pixels). The interval clock is kept in the expression's own
 * variables: `ld(0)` = time of the last candidate, `ld(1)` = 1 once there is one
 * (`prev_selected_t` cannot be used: with two outputs every frame counts as selected).
 */
export function analysisGraph(o: AnalysisGraphOptions): string {
  const k = o.prefixFrames;
  const eps = 0.5 / o.frameRate; // concat/timebase rounding tolerance, well under one frame
  const offset = k / o.frameRate; // concat places segment frame 0 at k/fps (mean-duration rule)
  const due = o.sampleInterval - eps;
  const isCandidate =
    `gte(scene,${o.cutThreshold})+` +
    `if(ld(1),gte(t-ld(0),${due}),gte(t-${offset}+${o.secondsSinceCandidate},${due}))`;
  // 1 → output 0 (ordinary), 2 → output 1 (candidate; remember its time). Prefix frames are
  // only there to give the segment's first frame its score.
  const route = `if(lt(n,${k}),1,if(${isCandidate},2+0*st(0,t)+0*st(1,1),1))`;

  const graph: string[] = [];
  const segHead = `[${o.segmentInput}:v:0]setsar=1,setpts=PTS-STARTPTS`;
  graph.push(`${segHead},split=2[seg][segb]`);
  graph.push(`[segb]select='gte(n,${Math.max(0, o.segmentFrames - BOUNDARY_FRAMES)})'[bnd]`);
  if (k > 0) {
    graph.push(`[0:v:0]setsar=1,setpts=PTS-STARTPTS[pre]`);
    graph.push(`[pre][seg]concat=n=2:v=1:a=0[cat]`);
  }
  // Scaled after the concat, so the prefix frames are scaled exactly like the segment's own.
  // `format=yuv420p` keeps the downscale in YUV: asked for RGB24 directly, swscale takes a slow
  // path that costs more than the full-size conversion.
  const analysisSize = `scale='min(iw,${o.analysisMaxWidth})':-2:flags=area,format=yuv420p`;
  graph.push(`[${k > 0 ? 'cat' : 'seg'}]${analysisSize},select=n=2:e='${route}'[rest][cand]`);
  graph.push(`[rest]${ALL_TAG}=mode=print,nullsink`);
  graph.push(`[cand]${CAND_TAG}=mode=print,split=2[cj][ct]`);
  graph.push(`[cj]format=yuvj420p[jpg]`);
  graph.push(`[ct]scale=${THUMB_WIDTH}:${THUMB_HEIGHT}:flags=area,format=gray[th]`);
  return graph.join(';');
}
