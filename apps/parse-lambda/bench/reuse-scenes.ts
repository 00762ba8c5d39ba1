/**
 * `npx tsx bench/reuse-scenes.ts [outDir]`: the reuse rule's distances on the demo channel's real
 * samples, offline (no live channel, no detector). Renders the default programme and
 * SHOWCASE_PROGRAMME (the cat walks into the coffee scene), cuts each into its 2 s TS segments,
 * analyses them in order with libs/media exactly as parse does (carry, cut threshold, 2 s sample
 * interval), and prints, for every sample, its scene, whether it is a cut, its distance to the
 * previous sample (libs/vision `signatureDistance`: dHash bits, window delta), its window delta to
 * its anchor and the rule's decision. With `outDir`, the
 * sample JPEGs are kept there as `<programme>-<time>-<scene>.jpg` (test fixtures are picked from them).
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildSchedule,
  cachedProgram,
  DEFAULT_SCENES,
  SHOWCASE_PROGRAMME,
  type ProgramSchedule,
  type SceneSpec,
} from '@catfinder/demo-channel';
import { analyseSegment, runFfmpeg, withTempDir, type SamplingCarry } from '@catfinder/media';
import { imageSignature, planReuse, signatureDistance, type ReuseSample } from '@catfinder/vision';

const SEGMENT_SECONDS = 2;
const SAMPLE_INTERVAL_SECONDS = 2;
const FPS = 30;

interface Sample {
  time: number;
  frame: number;
  scene: string;
  isCut: boolean;
  bytes: Uint8Array;
}

const outDir = process.argv[2];
if (outDir) await mkdir(outDir, { recursive: true });

for (const [name, scenes] of [
  ['default', DEFAULT_SCENES],
  ['showcase', SHOWCASE_PROGRAMME.scenes],
] as const) {
  const schedule = buildSchedule(scenes as readonly SceneSpec[], SEGMENT_SECONDS);
  const samples = await programmeSamples(schedule);
  const signatures = await Promise.all(samples.map((s) => imageSignature(s.bytes)));
  const reuse: ReuseSample[] = samples.map((s, i) => ({
    signature: signatures[i],
    isCut: s.isCut,
    time: s.time * 1000,
  }));
  const decisions = planReuse(reuse, undefined);
  console.log(`\n${name}: ${samples.length} samples in ${schedule.programFrames / FPS} s`);
  for (const [i, s] of samples.entries()) {
    const d = i > 0 ? signatureDistance(signatures[i - 1]!, signatures[i]!) : undefined;
    const decision = decisions[i]!;
    const anchorDelta = decision.anchorDelta === undefined ? '    -' : decision.anchorDelta.toFixed(1).padStart(5);
    console.log(
      `${s.time.toFixed(2).padStart(6)} s  frame ${String(s.frame).padStart(4)}  ${s.scene.padEnd(12)} ${s.isCut ? 'cut ' : '    '}` +
        ` bits=${String(d?.hashBits ?? '-').padStart(2)} region=${d ? d.regionDelta.toFixed(1).padStart(5) : '    -'} anchor=${anchorDelta}` +
        `  ${decision.action === 'call' ? `call (${decision.reason})` : 'reuse'}`,
    );
    if (outDir) {
      const file = `${name}-${s.time.toFixed(2)}-${s.scene}${s.isCut ? '-cut' : ''}.jpg`;
      await writeFile(join(outDir, file), s.bytes);
    }
  }
}

/** Every sample of one loop (plus the next loop's first cut), as parse's analysis takes them. */
async function programmeSamples(schedule: ProgramSchedule): Promise<Sample[]> {
  const program = await cachedProgram(schedule, join(process.cwd(), 'tmp', 'reuse-scenes-cache'));
  return withTempDir(async (dir) => {
    // Two loops back to back, so the loop point is a real cut too.
    const list = join(dir, 'list.txt');
    await writeFile(list, `file '${program}'\nfile '${program}'\n`);
    await runFfmpeg(
      ['-y', '-loglevel', 'error', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-f', 'segment'].concat([
        '-segment_time',
        String(SEGMENT_SECONDS),
        '-segment_format',
        'mpegts',
        join(dir, 'seg_%03d.ts'),
      ]),
      { timeoutMs: 120_000 },
    );
    const segments = (await readdir(dir)).filter((f) => f.startsWith('seg_')).sort();
    const perLoop = schedule.programFrames / (SEGMENT_SECONDS * FPS);
    const out: Sample[] = [];
    let carry: SamplingCarry | undefined;
    let previous: string | undefined;
    for (const [seq, file] of segments.slice(0, perLoop + 1).entries()) {
      const samplesDir = join(dir, `samples-${seq}`);
      const analysis = await analyseSegment({
        segmentPath: join(dir, file),
        outputDir: samplesDir,
        sampleInterval: SAMPLE_INTERVAL_SECONDS,
        ...(carry ? { carry } : {}),
        ...(previous ? { previousSegmentPath: previous } : {}),
      });
      carry = analysis.carry;
      previous = join(dir, file);
      for (const s of analysis.samples) {
        const frame = seq * SEGMENT_SECONDS * FPS + s.index;
        const inLoop = frame % schedule.programFrames;
        const scene = schedule.scenes.find((x) => inLoop >= x.startFrame && inLoop < x.startFrame + x.frameCount)!;
        const walk = scene.walkIn && inLoop >= scene.walkIn.firstFrame ? `+${scene.walkIn.name}` : '';
        out.push({
          time: frame / FPS,
          frame,
          scene: scene.name + walk,
          isCut: s.isCut,
          bytes: await readFile(s.jpegPath),
        });
      }
    }
    return out;
  }, 'reuse-scenes-');
}
