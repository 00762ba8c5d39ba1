import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runFfmpeg } from '../../src/index';

export const CAT_IMAGE = fileURLToPath(new URL('../fixtures/chelsea.png', import.meta.url));

/** One scene of a generated test programme. */
export interface SceneSpec {
  /** lavfi source name with options but without size/rate (e.g. `testsrc`, `color=c=blue`), or an image path. */
  source: string;
  frames: number;
}

export interface ProgramOptions {
  dir: string;
  width: number;
  height: number;
  /** @default 30 */
  fps?: number;
  /** @default 2 */
  segmentSeconds?: number;
  scenes: SceneSpec[];
  /** Add an AAC track with a 1 kHz tone that is on only during `toneScene`'s frames (silence elsewhere). */
  toneScene?: number;
  /** x264 preset. @default 'veryfast' */
  preset?: string;
  /**
   * Keyframe interval in seconds (closed GOPs).
   * @default segmentSeconds
   */
  gopSeconds?: number;
  /** Encode losslessly (x264 qp 0) for frame-exact md5 tests. */
  lossless?: boolean;
}

export interface Program {
  segments: Array<{ path: string; mediaSequence: number }>;
  /** Programme frame numbers where a scene starts (excluding 0). */
  cutFrames: number[];
  totalFrames: number;
  fps: number;
  framesPerSegment: number;
  /** [startFrame, endFrame) of the tone, when requested. */
  tone?: [number, number];
}

/**
 * Encode a test programme into HLS-style MPEG-TS segments: H.264 with fixed closed GOPs of one
 * segment each (keyint = segment length, no scene-cut keyframes), 30 fps, hard cuts at known frames.
 */
export async function makeProgram(options: ProgramOptions): Promise<Program> {
  const fps = options.fps ?? 30;
  const segSeconds = options.segmentSeconds ?? 2;
  const size = `${options.width}x${options.height}`;
  const inputs: string[] = [];
  const chains: string[] = [];
  options.scenes.forEach((scene, i) => {
    const seconds = (scene.frames / fps).toFixed(6);
    if (/\.(png|jpe?g)$/i.test(scene.source)) {
      inputs.push('-loop', '1', '-framerate', String(fps), '-t', seconds, '-i', scene.source);
      chains.push(
        `[${i}:v]scale=${options.width}:${options.height},setsar=1,format=yuv420p,trim=end_frame=${scene.frames},setpts=PTS-STARTPTS[v${i}]`,
      );
    } else {
      const sep = scene.source.includes('=') ? ':' : '=';
      inputs.push('-f', 'lavfi', '-i', `${scene.source}${sep}s=${size}:r=${fps}`);
      chains.push(`[${i}:v]setsar=1,format=yuv420p,trim=end_frame=${scene.frames},setpts=PTS-STARTPTS[v${i}]`);
    }
  });
  const totalFrames = options.scenes.reduce((n, s) => n + s.frames, 0);
  const cutFrames: number[] = [];
  let acc = 0;
  const starts = options.scenes.map((s) => {
    const start = acc;
    acc += s.frames;
    return start;
  });
  for (const s of starts.slice(1)) cutFrames.push(s);
  const concat = `${options.scenes.map((_, i) => `[v${i}]`).join('')}concat=n=${options.scenes.length}:v=1:a=0[v]`;
  const audioArgs: string[] = [];
  let tone: [number, number] | undefined;
  if (options.toneScene !== undefined) {
    const start = starts[options.toneScene] ?? 0;
    const end = start + (options.scenes[options.toneScene]?.frames ?? 0);
    tone = [start, end];
    const a = options.scenes.length;
    inputs.push(
      '-f',
      'lavfi',
      '-i',
      `aevalsrc='if(between(t,${start / fps},${end / fps}-0.0001),0.5*sin(2*PI*1000*t),0)':s=48000:d=${totalFrames / fps}`,
    );
    audioArgs.push('-map', `${a}:a`, '-c:a', 'aac', '-b:a', '96k');
  }
  const gop = Math.round(fps * (options.gopSeconds ?? segSeconds));
  await runFfmpeg(
    [
      ...inputs,
      '-filter_complex',
      [...chains, concat].join(';'),
      '-map',
      '[v]',
      ...audioArgs,
      '-c:v',
      'libx264',
      '-preset',
      options.preset ?? (options.lossless ? 'ultrafast' : 'veryfast'),
      ...(options.lossless ? ['-qp', '0'] : []),
      '-g',
      String(gop),
      '-keyint_min',
      String(gop),
      '-sc_threshold',
      '0',
      '-pix_fmt',
      'yuv420p',
      '-f',
      'hls',
      '-hls_time',
      String(segSeconds),
      '-hls_list_size',
      '0',
      '-hls_segment_filename',
      join(options.dir, 'seg%d.ts'),
      join(options.dir, 'index.m3u8'),
    ],
    { timeoutMs: 300_000 },
  );
  const names = (await readdir(options.dir)).filter((n) => /^seg\d+\.ts$/.test(n));
  const segments = names
    .map((n) => ({ path: join(options.dir, n), mediaSequence: Number(/\d+/.exec(n)?.[0]) }))
    .sort((a, b) => a.mediaSequence - b.mediaSequence);
  return { segments, cutFrames, totalFrames, fps, framesPerSegment: Math.round(fps * segSeconds), tone };
}

/** The standard 300-frame test programme (5 segments of 2 s): cuts at 45 (inside seg 0), 60 (on the seg 0/1 boundary), 150 (inside seg 2), 240 (on the seg 3/4 boundary). */
export const STANDARD_SCENES: SceneSpec[] = [
  { source: 'testsrc', frames: 45 },
  { source: 'smptebars', frames: 15 },
  { source: CAT_IMAGE, frames: 90 },
  { source: 'testsrc2', frames: 90 },
  { source: 'mandelbrot', frames: 60 },
];
