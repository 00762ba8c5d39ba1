/**
 * `nx run media:bench` — analysis speed and smart-cut vs re-encode clip time on generated
 * 640x360 and 1280x720 30 fps programmes with 2 s and 6 s segments (2 s closed GOPs).
 * Last line: `bench media: analyse_rt_360p=… analyse_rt_720p=… clip20s_smart_s=… clip20s_reencode_s=… smart_speedup=… frame_errors=…`
 * analyse_rt = media seconds analysed / analysis wall seconds (every segment, called as
 * apps/parse-lambda calls it: the previous call's carry plus the previous segment's path).
 * clip20s_* = mean wall seconds of cutClip (incl. verification) for a 600-frame clip at 720p.
 * frame_errors = clips whose independently decoded frame count or verified first/last frame missed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseSegment, cutClip, makeTempDir, removePaths, runFfmpeg, type SamplingCarry } from '../src/index';
import { CAT_IMAGE, makeProgram, type Program, type SceneSpec } from '../tests/helpers/program';

const SCENES: SceneSpec[] = [
  { source: 'testsrc2', frames: 130 },
  { source: CAT_IMAGE, frames: 110 },
  { source: 'mandelbrot', frames: 170 },
  { source: 'smptebars', frames: 45 },
  { source: 'testsrc', frames: 160 },
  { source: CAT_IMAGE, frames: 95 },
  { source: 'testsrc2', frames: 10 },
]; // 720 frames = 24 s

interface Config {
  label: string;
  width: number;
  height: number;
  segmentSeconds: number;
}

const CONFIGS: Config[] = [
  { label: '360p', width: 640, height: 360, segmentSeconds: 2 },
  { label: '360p', width: 640, height: 360, segmentSeconds: 6 },
  { label: '720p', width: 1280, height: 720, segmentSeconds: 2 },
  { label: '720p', width: 1280, height: 720, segmentSeconds: 6 },
];

/** CPU seconds (user+sys) used by waited-for child processes so far (Linux /proc). */
function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  // after "pid (comm) ": field index 13/14 are cutime/cstime (fields 16/17 of proc(5)), in 1/100 s
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

async function decodedFrameCount(path: string): Promise<number> {
  const r = await runFfmpeg(['-i', path, '-map', '0:v:0', '-vsync', '0', '-f', 'framemd5', 'pipe:1'], {
    timeoutMs: 300_000,
  });
  return r.stdout
    .toString()
    .split('\n')
    .filter((l) => l && !l.startsWith('#')).length;
}

async function main(): Promise<void> {
  const root = await makeTempDir('media-bench-');
  const analyse = new Map<string, { media: number; wall: number; cpu: number }>();
  const clips: Record<'smart' | 'reencode', number[]> = { smart: [], reencode: [] };
  let frameErrors = 0;
  let clipCount = 0;
  try {
    for (const cfg of CONFIGS) {
      const dir = join(root, `${cfg.label}-${cfg.segmentSeconds}s`);
      await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
      const program: Program = await makeProgram({
        dir,
        width: cfg.width,
        height: cfg.height,
        segmentSeconds: cfg.segmentSeconds,
        gopSeconds: 2,
        scenes: SCENES,
        toneScene: 2,
      });

      let carry: SamplingCarry | undefined;
      let media = 0;
      let wall = 0;
      let samples = 0;
      let cpu = 0;
      let ffmpegMs = 0;
      let spawnMs = 0;
      let previousPath: string | undefined;
      for (const seg of program.segments) {
        const t = performance.now();
        const c = childCpuSeconds();
        const a = await analyseSegment({
          segmentPath: seg.path,
          outputDir: join(dir, `samples-${seg.mediaSequence}`),
          ...(carry ? { carry } : {}),
          ...(previousPath ? { previousSegmentPath: previousPath } : {}),
        });
        wall += (performance.now() - t) / 1000;
        cpu += childCpuSeconds() - c;
        media += a.duration;
        samples += a.samples.length;
        ffmpegMs += a.timings.ffmpegMs;
        spawnMs += a.timings.spawnMs;
        carry = a.carry;
        previousPath = seg.path;
      }
      const acc = analyse.get(cfg.label) ?? { media: 0, wall: 0, cpu: 0 };
      analyse.set(cfg.label, { media: acc.media + media, wall: acc.wall + wall, cpu: acc.cpu + cpu });
      console.log(
        `${cfg.label} ${cfg.segmentSeconds}s segments: analysed ${media.toFixed(1)} s in ${wall.toFixed(2)} s wall (rt ${(media / wall).toFixed(1)}), ` +
          `${cpu.toFixed(2)} s ffmpeg CPU, ${samples} samples; per segment: ${(ffmpegMs / program.segments.length).toFixed(0)} ms ffmpeg wall ` +
          `(of which ${(spawnMs / program.segments.length).toFixed(1)} ms blocked in spawn(), bench RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB)`,
      );

      // 600-frame clip starting mid-GOP: global frames 45 .. 644
      const perSeg = program.framesPerSegment;
      const first = { mediaSequence: Math.floor(45 / perSeg), index: 45 % perSeg };
      const last = { mediaSequence: Math.floor(644 / perSeg), index: 644 % perSeg };
      for (const method of ['smart', 'reencode'] as const) {
        const out = join(dir, `clip-${method}.mp4`);
        const t = performance.now();
        const r = await cutClip({ segments: program.segments, first, last, outputPath: out, method });
        const seconds = (performance.now() - t) / 1000;
        const count = await decodedFrameCount(out);
        const ok = r.method === method && r.verification.passed && count === 600;
        clipCount++;
        if (!ok) frameErrors++;
        if (cfg.label === '720p') clips[method].push(seconds);
        console.log(
          `  clip ${method}: ${seconds.toFixed(2)} s, method=${r.method}, decoded ${count}/600 frames, ${r.verification.detail}, parts ${JSON.stringify(r.parts)}, timings ${JSON.stringify(r.timings)}`,
        );
      }
    }
  } finally {
    await removePaths(root);
  }
  const rt = (label: string) => {
    const a = analyse.get(label);
    return a ? a.media / a.wall : 0;
  };
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  const smart = mean(clips.smart);
  const reencode = mean(clips.reencode);
  console.log(
    `clips checked: ${clipCount}; load average now ${(await import('node:os'))
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${(await import('node:os')).cpus().length} cores`,
  );
  for (const [label, a] of analyse) {
    console.log(
      `${label}: ffmpeg CPU per media second ${(a.cpu / a.media).toFixed(3)} (an idle 2-core machine could reach rt ≈ ${(a.media / (a.cpu / 2)).toFixed(1)}; not the measured figure)`,
    );
  }
  console.log(
    `bench media: analyse_rt_360p=${rt('360p').toFixed(1)} analyse_rt_720p=${rt('720p').toFixed(1)} clip20s_smart_s=${smart.toFixed(2)} clip20s_reencode_s=${reencode.toFixed(2)} smart_speedup=${(reencode / smart).toFixed(2)} frame_errors=${frameErrors}`,
  );
}

await main();
